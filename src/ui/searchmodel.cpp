// SPDX-License-Identifier: GPL-3.0-or-later
#include "searchmodel.h"

#include "conversationstore.h"
#include "searchsnippet.h"

#include <QSet>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {

QString searchText(const QString &query)
{
    return query.simplified();
}

} // namespace

SearchModel::SearchModel(ConversationStore *store, QObject *parent)
    : PagedListModel(parent)
    , m_store(store)
{
    setAtEnd(true); // nothing to page through before a search
    m_debounce.setSingleShot(true);
    m_debounce.setInterval(debounce);
    connect(&m_debounce, &QTimer::timeout, this, [this] { requestPage(0); });
    connect(this, &PagedListModel::loadingChanged, this, &SearchModel::updateBusy);
    connect(this, &QAbstractItemModel::rowsInserted, this, &SearchModel::countChanged);
    connect(this, &QAbstractItemModel::rowsRemoved, this, &SearchModel::countChanged);
    connect(this, &QAbstractItemModel::modelReset, this, &SearchModel::countChanged);
}

void SearchModel::setQuery(const QString &query)
{
    if (query == m_query)
        return;
    // A space more or less asks for the same words: the search on its way still answers it.
    const bool sameSearch = searchText(query) == searchText(m_query);
    m_query = query;
    Q_EMIT queryChanged();
    if (sameSearch)
        return;

    const bool cleared = searchText(query).isEmpty();
    if (cleared)
        m_debounce.stop();
    else
        m_debounce.start();
    // The answer on its way is to other words; the first page of these comes once typing pauses.
    startOver();
    setAtEnd(true);
    if (cleared) {
        replaceRows({});
        setErrorString({});
    }
    updateBusy();
}

void SearchModel::requestPage(int offset)
{
    const QString text = searchText(m_query);
    if (!m_store || text.isEmpty())
        return;
    PagedListModel::requestPage(
        offset == 0 ? Page::First : Page::Next, pageSize, m_store->search(text, pageSize, offset),
        [this, offset](const QList<SearchHit> &hits) { applyPage(hits, offset); },
        [this, offset](const StorageError &failure) {
            if (offset == 0)
                replaceRows({});
            setErrorString(failure.message);
        });
    if (offset == 0)
        Q_EMIT searchStarted(text); // last: a slot may change the query
}

void SearchModel::applyPage(const QList<SearchHit> &hits, int offset)
{
    m_received = offset + int(hits.size());
    finishPage(); // not busy any more, and the next page's offset is known
    setErrorString({});
    QList<Row> rows;
    rows.reserve(hits.size());
    for (const SearchHit &hit : hits)
        rows.append(Row{hit.conversationId, hit.messageId, hit.title, SearchSnippet::toHtml(hit.snippet),
                        hit.inReasoning});
    if (offset == 0)
        replaceRows(withoutRepeatedTitles(rows));
    else
        appendRows(rows);
}

QList<SearchModel::Row> SearchModel::withoutRepeatedTitles(const QList<Row> &rows)
{
    // A conversation whose title and messages both match shows once, at its message.
    QSet<QString> withMessages;
    for (const Row &row : rows) {
        if (!row.messageId.isEmpty())
            withMessages.insert(row.conversationId);
    }
    QList<Row> kept;
    kept.reserve(rows.size());
    for (const Row &row : rows) {
        if (!row.messageId.isEmpty() || !withMessages.contains(row.conversationId))
            kept.append(row);
    }
    return kept;
}

void SearchModel::replaceRows(const QList<Row> &rows)
{
    // Rows are reused in place, so results refine as the user types without the list blinking.
    const int oldCount = int(m_rows.size());
    const int newCount = int(rows.size());
    const int common = std::min(oldCount, newCount);
    for (int row = 0; row < common; ++row)
        m_rows[row] = rows.at(row);
    if (common > 0)
        Q_EMIT dataChanged(index(0), index(common - 1));
    if (newCount > oldCount) {
        beginInsertRows(QModelIndex(), oldCount, newCount - 1);
        m_rows.append(rows.mid(oldCount));
        endInsertRows();
    } else if (newCount < oldCount) {
        beginRemoveRows(QModelIndex(), newCount, oldCount - 1);
        m_rows.resize(newCount);
        endRemoveRows();
    }
}

void SearchModel::appendRows(const QList<Row> &rows)
{
    // Offset paging over a changing index can repeat a hit: each shows once.
    QSet<QString> shown;
    shown.reserve(m_rows.size());
    for (const Row &row : std::as_const(m_rows)) {
        shown.insert(row.conversationId + u'/' + row.messageId);
        shown.insert(row.conversationId);
    }
    QList<Row> fresh;
    for (const Row &row : withoutRepeatedTitles(rows)) {
        const QString key = row.conversationId + u'/' + row.messageId;
        if (shown.contains(key) || (row.messageId.isEmpty() && shown.contains(row.conversationId)))
            continue;
        // A title shown on an earlier page gives its place to the conversation's message hit.
        const QString titleKey = row.conversationId + u'/';
        if (!row.messageId.isEmpty() && shown.contains(titleKey)) {
            const auto at = std::find_if(m_rows.begin(), m_rows.end(), [&](const Row &shownRow) {
                return shownRow.conversationId == row.conversationId && shownRow.messageId.isEmpty();
            });
            if (at != m_rows.end()) {
                *at = row;
                shown.remove(titleKey);
                shown.insert(key);
                const QModelIndex changed = index(int(at - m_rows.begin()));
                Q_EMIT dataChanged(changed, changed);
                continue;
            }
        }
        shown.insert(key);
        shown.insert(row.conversationId);
        fresh.append(row);
    }
    if (fresh.isEmpty())
        return;
    const int first = int(m_rows.size());
    beginInsertRows(QModelIndex(), first, first + int(fresh.size()) - 1);
    m_rows.append(fresh);
    endInsertRows();
}

void SearchModel::updateBusy()
{
    const bool busy = m_debounce.isActive() || loading();
    if (busy == m_busy)
        return;
    m_busy = busy;
    Q_EMIT busyChanged();
}

void SearchModel::setErrorString(const QString &errorString)
{
    if (errorString == m_errorString)
        return;
    m_errorString = errorString;
    Q_EMIT errorStringChanged();
}

void SearchModel::fetchNextPage()
{
    requestPage(m_received);
}

bool SearchModel::readyForMore() const
{
    return !m_debounce.isActive();
}

int SearchModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant SearchModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows.at(index.row());
    switch (role) {
    case ConversationIdRole:
        return row.conversationId;
    case MessageIdRole:
        return row.messageId;
    case Qt::DisplayRole:
    case TitleRole:
        return row.title;
    case SnippetRole:
        return row.snippet;
    case InReasoningRole:
        return row.inReasoning;
    default:
        return {};
    }
}

QHash<int, QByteArray> SearchModel::roleNames() const
{
    return {
        {ConversationIdRole, "conversationId"_ba},
        {MessageIdRole, "messageId"_ba},
        {TitleRole, "title"_ba},
        {SnippetRole, "snippet"_ba},
        {InReasoningRole, "inReasoning"_ba},
    };
}
