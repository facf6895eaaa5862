// SPDX-License-Identifier: GPL-3.0-or-later
#include "markdownblocks.h"

#include "streamingmarkdown.h"

#include "markdownblockscanner.h"

#include <algorithm>

using namespace Qt::StringLiterals;

MarkdownBlocks::MarkdownBlocks(QObject *parent)
    : QAbstractListModel(parent)
{}

MarkdownBlocks::~MarkdownBlocks() = default;

void MarkdownBlocks::setText(const QString &text)
{
    if (text.size() >= m_text.size() && text.startsWith(m_text)) {
        if (text.size() > m_text.size())
            appendText(QStringView(text).sliced(m_text.size()));
        return;
    }
    const auto mismatch = std::mismatch(m_text.cbegin(), m_text.cend(), text.cbegin(), text.cend());
    const qsizetype common = mismatch.first - m_text.cbegin();
    if (m_rows.isEmpty() || common > 0) {
        m_text = text;
        rescan(common);
        return;
    }
    // A different text from its first character (another branch, say): new rows.
    beginResetModel();
    m_text = text;
    m_rows.clear();
    const QList<MarkdownBlock> blocks = MarkdownBlockScanner(m_text).scan(0);
    m_rows.reserve(blocks.size());
    for (const MarkdownBlock &block : blocks)
        m_rows.append(Row{block, QString(), false});
    endResetModel();
}

void MarkdownBlocks::appendText(QStringView delta)
{
    if (delta.isEmpty())
        return;
    const qsizetype stable = m_text.size();
    m_text.append(delta);
    rescan(stable);
}

void MarkdownBlocks::clear()
{
    setText(QString());
}

int MarkdownBlocks::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant MarkdownBlocks::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows.at(index.row());
    const MarkdownBlock &block = row.block;
    const bool code = block.kind == MarkdownBlock::Kind::Code;
    switch (role) {
    case KindRole:
        return code ? u"code"_s : u"text"_s;
    case HtmlRole:
        if (code)
            return QString();
        if (!row.rendered) {
            const QString source = m_text.sliced(block.start, block.end - block.start);
            const bool last = index.row() == m_rows.size() - 1;
            row.html = m_streaming && last ? m_renderer.toHtml(StreamingMarkdown::settle(source), true)
                                           : m_renderer.toHtml(source);
            row.rendered = true;
        }
        return row.html;
    case CodeRole:
        return code ? MarkdownBlockScanner::code(m_text, block) : QString();
    case LanguageRole:
        return block.language;
    case ClosedRole:
        return block.closed;
    case MarkdownRole:
        return m_text.sliced(block.start, block.end - block.start);
    default:
        return {};
    }
}

QHash<int, QByteArray> MarkdownBlocks::roleNames() const
{
    return {
        {KindRole, "kind"},         {HtmlRole, "html"},     {CodeRole, "code"},
        {LanguageRole, "language"}, {ClosedRole, "closed"}, {MarkdownRole, "markdown"},
    };
}

// The first row that may change when the text changes after its first stableLength characters:
// the last row whose first line ends before them. Where a block starts depends only on the lines
// up to its first, so every row before that one is final; that row and any after it (a block
// whose first line is still arriving: "#" may become a heading or "#hashtag" go on with a
// paragraph) are scanned again.
qsizetype MarkdownBlocks::firstOpenRow(qsizetype stableLength) const
{
    const qsizetype lastBreak =
        stableLength > 0 ? QStringView(m_text).first(stableLength).lastIndexOf(u'\n') : -1;
    const auto after = std::upper_bound(m_rows.cbegin(), m_rows.cend(), lastBreak,
                                        [](qsizetype pos, const Row &row) { return pos < row.block.start; });
    return std::max<qsizetype>(0, (after - m_rows.cbegin()) - 1);
}

void MarkdownBlocks::rescan(qsizetype stableLength)
{
    const qsizetype lastBefore = m_rows.size() - 1;
    const qsizetype first = firstOpenRow(stableLength);
    const qsizetype from = first == 0 ? 0 : m_rows.at(first).block.start;
    const QList<MarkdownBlock> blocks = MarkdownBlockScanner(m_text).scan(from);

    const qsizetype before = m_rows.size() - first;
    const qsizetype common = std::min(before, blocks.size());
    for (qsizetype i = 0; i < common; ++i) {
        Row &row = m_rows[first + i];
        const QList<int> roles = changedRoles(row.block, blocks.at(i), stableLength);
        if (roles.isEmpty())
            continue;
        row.block = blocks.at(i);
        row.html.clear();
        row.rendered = false;
        const QModelIndex changed = index(int(first + i));
        Q_EMIT dataChanged(changed, changed, roles);
    }
    if (blocks.size() < before) {
        beginRemoveRows({}, int(first + blocks.size()), int(m_rows.size() - 1));
        m_rows.resize(first + blocks.size());
        endRemoveRows();
    } else if (blocks.size() > before) {
        beginInsertRows({}, int(m_rows.size()), int(first + blocks.size() - 1));
        for (qsizetype i = common; i < blocks.size(); ++i)
            m_rows.append(Row{blocks.at(i), QString(), false});
        endInsertRows();
    }

    // While streaming the last row is shown settled and the others as written: a row that stopped
    // or started being the last is rendered again. Only once the rows are in place, because a view
    // reads the row again as soon as it hears of the change (a row told of it while still last was
    // rendered settled again and kept so).
    const qsizetype lastAfter = m_rows.size() - 1;
    if (m_streaming && lastAfter != lastBefore) {
        for (const qsizetype row : {lastBefore, lastAfter}) {
            if (row < 0 || row > lastAfter || !m_rows.at(row).rendered)
                continue;
            m_rows[row].rendered = false;
            const QModelIndex changed = index(int(row));
            Q_EMIT dataChanged(changed, changed, {HtmlRole});
        }
    }
}

QList<int> MarkdownBlocks::changedRoles(const MarkdownBlock &before, const MarkdownBlock &after,
                                        qsizetype stableLength) const
{
    if (before.kind != after.kind)
        return {KindRole, HtmlRole, CodeRole, LanguageRole, ClosedRole, MarkdownRole};
    // The same offsets over characters that changed hold different text.
    const bool textChanged = before.start != after.start || before.end != after.end ||
                             before.codeStart != after.codeStart || before.codeEnd != after.codeEnd ||
                             before.fenceIndent != after.fenceIndent || after.end > stableLength ||
                             after.codeEnd > stableLength;
    QList<int> roles;
    if (textChanged)
        roles += {after.kind == MarkdownBlock::Kind::Code ? CodeRole : HtmlRole, MarkdownRole};
    if (before.language != after.language)
        roles += LanguageRole;
    if (before.closed != after.closed)
        roles += ClosedRole;
    return roles;
}

void MarkdownBlocks::setStreaming(bool streaming)
{
    if (streaming == m_streaming)
        return;
    m_streaming = streaming;
    if (m_rows.isEmpty())
        return;
    Row &last = m_rows.last();
    if (last.block.kind == MarkdownBlock::Kind::Code)
        return;
    last.rendered = false;
    const QModelIndex changed = index(int(m_rows.size()) - 1);
    Q_EMIT dataChanged(changed, changed, {HtmlRole});
}
