// SPDX-License-Identifier: GPL-3.0-or-later
// A text fed to MarkdownBlocks in pieces cut where the input says, as a streamed reply arrives
// (appendText, or setText with the longer text, streaming or not, after another text or not),
// must end with exactly the rows that setting the whole text at once gives, HTML included; and
// at every step a view that follows only the model's signals must see what the model holds, and
// the HTML it shows must be what the row's markdown renders to now.
//
// Input: byte 0 is the number of cuts (low nibble) and four switches (high nibble: streaming,
// setText instead of appendText, render as a view would, start from another text); the next
// bytes are the gaps between the cuts, in characters; the rest is the text, UTF-8.
#include "fuzzcheck.h"
#include "guiapp.h"

#include "markdownblocks.h"

#include <QAbstractItemModelTester>
#include <QHash>
#include <QList>
#include <QVariant>

#include <algorithm>
#include <cstdio>

using FuzzCheck::check;

namespace {

// A view's copy of the model, kept up to date only by what the model's signals say changed.
class Mirror
{
public:
    Mirror(MarkdownBlocks &model, bool withHtml)
        : m_model(model)
    {
        m_roles = {MarkdownBlocks::KindRole, MarkdownBlocks::CodeRole, MarkdownBlocks::LanguageRole,
                   MarkdownBlocks::ClosedRole, MarkdownBlocks::MarkdownRole};
        if (withHtml)
            m_roles.append(MarkdownBlocks::HtmlRole);
        QObject::connect(&model, &QAbstractItemModel::rowsInserted, &m_context,
                         [this](const QModelIndex &, int first, int last) {
                             for (int row = first; row <= last; ++row)
                                 m_rows.insert(row, read(row, m_roles));
                         });
        QObject::connect(
            &model, &QAbstractItemModel::rowsRemoved, &m_context,
            [this](const QModelIndex &, int first, int last) { m_rows.remove(first, last - first + 1); });
        QObject::connect(&model, &QAbstractItemModel::modelReset, &m_context, [this] { readAll(); });
        QObject::connect(&model, &QAbstractItemModel::layoutChanged, &m_context, [this] { readAll(); });
        QObject::connect(&model, &QAbstractItemModel::dataChanged, &m_context,
                         [this](const QModelIndex &top, const QModelIndex &bottom, const QList<int> &roles) {
                             for (int row = top.row(); row <= bottom.row(); ++row) {
                                 for (const int role : m_roles) {
                                     if (roles.isEmpty() || roles.contains(role))
                                         m_rows[row][role] = m_model.data(m_model.index(row), role);
                                 }
                             }
                         });
        readAll();
    }

    void verify() const
    {
        check(m_rows.size() == m_model.rowCount(), "a view following the signals has another number of rows");
        for (int row = 0; row < m_rows.size(); ++row)
            check(m_rows.at(row) == read(row, m_roles), "a row changed without a signal saying so");
    }

private:
    QHash<int, QVariant> read(int row, const QList<int> &roles) const
    {
        QHash<int, QVariant> values;
        for (const int role : roles)
            values.insert(role, m_model.data(m_model.index(row), role));
        return values;
    }

    void readAll()
    {
        m_rows.clear();
        for (int row = 0; row < m_model.rowCount(); ++row)
            m_rows.append(read(row, m_roles));
    }

    MarkdownBlocks &m_model;
    QList<int> m_roles;
    QList<QHash<int, QVariant>> m_rows;
    QObject m_context;
};

// A row's HTML is what a model given the whole text at once shows (settled while the last row of
// a streaming reply; with the link definitions of the whole message): no cache outlives the text
// it was rendered from. Checks the rows from `from`.
void checkRendered(const MarkdownBlocks &model, int from)
{
    MarkdownBlocks fresh;
    fresh.setStreaming(model.isStreaming());
    fresh.setText(model.text());
    if (fresh.rowCount() != model.rowCount())
        FuzzCheck::fail("the rows differ from those of the whole text");
    for (int row = std::max(0, from); row < model.rowCount(); ++row) {
        const QModelIndex index = model.index(row);
        if (model.data(index, MarkdownBlocks::KindRole).toString() != QStringLiteral("text"))
            continue;
        const QString shown = model.data(index, MarkdownBlocks::HtmlRole).toString();
        const QString whole = fresh.data(fresh.index(row), MarkdownBlocks::HtmlRole).toString();
        if (shown != whole) {
            std::fprintf(stderr, "row %d of %d, markdown:\n%s\nshown:\n%s\nfrom the whole text:\n%s\n", row,
                         model.rowCount(), qPrintable(model.data(index, MarkdownBlocks::MarkdownRole).toString()),
                         qPrintable(shown), qPrintable(whole));
            FuzzCheck::fail("a row shows stale HTML");
        }
    }
}

QList<QVariant> allRoles(const MarkdownBlocks &model)
{
    QList<QVariant> values;
    for (int row = 0; row < model.rowCount(); ++row) {
        for (const int role :
             {MarkdownBlocks::KindRole, MarkdownBlocks::HtmlRole, MarkdownBlocks::CodeRole,
              MarkdownBlocks::LanguageRole, MarkdownBlocks::ClosedRole, MarkdownBlocks::MarkdownRole})
            values.append(model.data(model.index(row), role));
    }
    return values;
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    makeGuiApplication();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    QByteArrayView input(reinterpret_cast<const char *>(data), qsizetype(size));
    if (input.isEmpty())
        return 0;
    const uchar switches = uchar(input.front()) >> 4;
    const bool streaming = switches & 1;
    const bool bySetText = switches & 2;
    const bool render = switches & 4;
    const bool fromOtherText = switches & 8;
    const QList<qsizetype> gaps = FuzzCheck::takeCuts(input);
    const QString text = QString::fromUtf8(input);
    QList<qsizetype> cuts = FuzzCheck::cutsWithin(gaps, text.size());
    cuts.append(text.size());

    MarkdownBlocks whole;
    whole.setText(text);

    MarkdownBlocks streamed;
    QAbstractItemModelTester tester(&streamed, QAbstractItemModelTester::FailureReportingMode::Fatal);
    Mirror view(streamed, render);
    streamed.setStreaming(streaming);
    if (fromOtherText) {
        // Another branch's text that shares a start with this one, then this one from its start.
        streamed.setText(text.left(cuts.first() / 2) + QStringLiteral("\n# other\n```js\nx"));
        view.verify();
    }
    qsizetype at = 0;
    for (const qsizetype cut : std::as_const(cuts)) {
        if (bySetText || (fromOtherText && at == 0))
            streamed.setText(text.left(cut));
        else
            streamed.appendText(QStringView(text).sliced(at, cut - at));
        at = cut;
        view.verify();
        if (render)
            checkRendered(streamed, streamed.rowCount() - 3);
    }
    if (render)
        checkRendered(streamed, 0);
    streamed.setStreaming(false);
    view.verify();

    check(streamed.text() == text, "the pieces did not add up to the text");
    check(allRoles(streamed) == allRoles(whole), "the streamed rows differ from the whole text's");
    return 0;
}
