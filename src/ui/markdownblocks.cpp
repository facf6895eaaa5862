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
    m_definedKeys.clear();
    const QList<MarkdownBlock> blocks = MarkdownBlockScanner(m_text).scan(0);
    m_rows.reserve(blocks.size());
    for (const MarkdownBlock &block : blocks) {
        m_rows.append(newRow(block));
        setDefinitions(m_rows.last(), definitionsOf(block), nullptr);
    }
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
            row.references = MarkdownLinkDefinitions::references(source);
            const bool settled = m_streaming && last;
            row.html = m_renderer.toHtml(
                withDefinitions(index.row(), settled ? StreamingMarkdown::settle(source) : source), settled);
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
    QList<QString> changedKeys;            // of the definitions that changed, appeared or went
    QList<QList<int>> changedRows(common); // their roles, told once every row is in place
    for (qsizetype i = 0; i < common; ++i) {
        Row &row = m_rows[first + i];
        changedRows[i] = changedRoles(row.block, blocks.at(i), stableLength);
        if (changedRows.at(i).isEmpty())
            continue;
        row.block = blocks.at(i);
        row.html.clear();
        row.rendered = false;
        setDefinitions(row, definitionsOf(row.block), &changedKeys);
    }
    if (blocks.size() < before) {
        beginRemoveRows({}, int(first + blocks.size()), int(m_rows.size() - 1));
        for (qsizetype i = first + blocks.size(); i < m_rows.size(); ++i)
            setDefinitions(m_rows[i], {}, &changedKeys);
        m_rows.resize(first + blocks.size());
        endRemoveRows();
    } else if (blocks.size() > before) {
        beginInsertRows({}, int(m_rows.size()), int(first + blocks.size() - 1));
        for (qsizetype i = common; i < blocks.size(); ++i) {
            m_rows.append(newRow(blocks.at(i)));
            setDefinitions(m_rows.last(), definitionsOf(blocks.at(i)), &changedKeys);
        }
        endInsertRows();
    }
    renderAgainRowsNaming(changedKeys); // not the changed rows: they are not rendered yet
    for (qsizetype i = 0; i < common; ++i) {
        if (changedRows.at(i).isEmpty())
            continue;
        const QModelIndex changed = index(int(first + i));
        Q_EMIT dataChanged(changed, changed, changedRows.at(i));
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

MarkdownBlocks::Row MarkdownBlocks::newRow(const MarkdownBlock &block) const
{
    Row row;
    row.block = block;
    return row;
}

MarkdownBlocks::Definitions MarkdownBlocks::definitionsOf(const MarkdownBlock &block) const
{
    if (block.kind == MarkdownBlock::Kind::Code)
        return {};
    return MarkdownLinkDefinitions::find(QStringView(m_text).sliced(block.start, block.end - block.start));
}

void MarkdownBlocks::setDefinitions(Row &row, Definitions definitions, QList<QString> *changedKeys)
{
    if (row.definitions == definitions)
        return;
    for (const auto &definition : std::as_const(row.definitions)) {
        if (--m_definedKeys[definition.key] == 0)
            m_definedKeys.remove(definition.key);
        if (changedKeys && !changedKeys->contains(definition.key))
            changedKeys->append(definition.key);
    }
    row.definitions = std::move(definitions);
    for (const auto &definition : std::as_const(row.definitions)) {
        ++m_definedKeys[definition.key];
        if (changedKeys && !changedKeys->contains(definition.key))
            changedKeys->append(definition.key);
    }
}

// The rows shown with a definition that changed: rendered again, and only they.
void MarkdownBlocks::renderAgainRowsNaming(const QList<QString> &keys)
{
    if (keys.isEmpty())
        return;
    for (qsizetype i = 0; i < m_rows.size(); ++i) {
        Row &row = m_rows[i];
        if (!row.rendered || std::none_of(keys.cbegin(), keys.cend(), [&row](const QString &key) {
                return row.references.contains(key);
            }))
            continue;
        row.rendered = false;
        const QModelIndex changed = index(int(i));
        Q_EMIT dataChanged(changed, changed, {HtmlRole});
    }
}

// The row's markdown with the definitions of the other rows that its labels name: those of the
// rows before it first and those after it last, so that where a label is defined twice the first
// definition in the message wins, as in the message rendered whole.
QString MarkdownBlocks::withDefinitions(qsizetype row, const QString &source) const
{
    const QList<QString> &references = m_rows.at(row).references;
    if (std::none_of(references.cbegin(), references.cend(),
                     [this](const QString &key) { return m_definedKeys.contains(key); }))
        return source;
    QString before;
    QString after;
    for (qsizetype i = 0; i < m_rows.size(); ++i) {
        if (i == row)
            continue;
        for (const auto &definition : m_rows.at(i).definitions) {
            if (references.contains(definition.key))
                (i < row ? before : after) += definition.source;
        }
    }
    if (before.isEmpty() && after.isEmpty())
        return source;
    return before + u'\n' + source + u"\n\n"_s + after;
}
