// SPDX-License-Identifier: GPL-3.0-or-later
#include "conversationlistmodel.h"

#include "conversationedit.h"
#include "conversationquery.h"
#include "conversationstore.h"
#include "futurecallback.h"

#include <QTimeZone>

#include <algorithm>
#include <utility>

ConversationListModel::ConversationListModel(ConversationStore *store, QObject *parent)
    : ConversationRowsModel(parent)
    , m_store(store)
{
    connect(store, &ConversationStore::conversationsChanged, this, [this](const QStringList &ids) {
        if (ids.isEmpty())
            refresh(); // we missed news: anything may have changed
        else
            refreshConversations(ids);
    });
    connect(store, &ConversationStore::statusChanged, this, [this] {
        // A page that failed while the database was away is asked for again once it is back.
        if (pageFailed() && m_store && m_store->status() == ConversationStore::Status::Ready)
            refresh();
    });
    connect(this, &QAbstractItemModel::rowsInserted, this, &ConversationListModel::countChanged);
    connect(this, &QAbstractItemModel::rowsRemoved, this, &ConversationListModel::countChanged);
    connect(this, &QAbstractItemModel::modelReset, this, &ConversationListModel::countChanged);
    connect(&m_removals, &PendingRemovals::expired, this, &ConversationListModel::commitRemoval);

    requestPage(pageSize, false);
}

ConversationListModel::~ConversationListModel()
{
    if (!m_store)
        return;
    for (const QString &id : m_removals.ids())
        m_store->deleteConversation(id);
}

void ConversationListModel::setShowArchived(bool showArchived)
{
    if (showArchived == m_showArchived)
        return;
    // Another list altogether: the one place this model resets.
    beginResetModel();
    m_showArchived = showArchived;
    clearRows();
    m_cursor.reset();
    m_listedRows = 0;
    m_refreshAgain = false;
    startOver();
    endResetModel();
    Q_EMIT showArchivedChanged();
    fetchMore(QModelIndex()); // unless a view asked for the first page on the reset already
}

void ConversationListModel::setUndoTimeout(int milliseconds)
{
    milliseconds = std::max(0, milliseconds);
    if (milliseconds == m_undoTimeout)
        return;
    m_undoTimeout = milliseconds;
    Q_EMIT undoTimeoutChanged();
}

void ConversationListModel::insertOrUpdate(const ConversationRecord &conversation, bool pendingTitle)
{
    if (conversation.id.isEmpty())
        return;
    ConversationRow row{conversation, pendingTitle};
    if (!row.record.updatedAt.isValid())
        row.record.updatedAt =
            row.record.createdAt.isValid() ? row.record.createdAt : QDateTime::currentDateTimeUtc();
    if (ConversationRow *hidden = m_removals.find(conversation.id)) {
        *hidden = row; // stays hidden until undone
        return;
    }
    if (rowOf(conversation.id) < 0)
        m_created.insert(conversation.id);
    place(row, Placement::Always);
}

void ConversationListModel::rename(const QString &id, const QString &title)
{
    const int row = rowOf(id);
    if (row < 0)
        return;
    const ConversationRow &current = rows().at(row);
    const QString newTitle = title.simplified(); // one line
    if (newTitle.isEmpty()) {
        Q_EMIT error(tr("A conversation needs a title: “%1” keeps its own.").arg(current.record.title));
        return;
    }
    if (newTitle == current.record.title && !current.pendingTitle)
        return;
    save(ConversationEdit::rename(current, newTitle));
}

void ConversationListModel::applyGeneratedTitle(const QString &id, const QString &title)
{
    const int row = rowOf(id);
    if (row >= 0 && rows().at(row).pendingTitle)
        rename(id, title);
}

void ConversationListModel::keepPendingTitle(const QString &id)
{
    const int row = rowOf(id);
    if (row < 0 || !rows().at(row).pendingTitle)
        return;
    ConversationRow kept = rows().at(row);
    kept.pendingTitle = false;
    show(kept);
}

void ConversationListModel::setPinned(const QString &id, bool pinned)
{
    const int row = rowOf(id);
    if (row >= 0 && rows().at(row).record.pinned != pinned)
        save(ConversationEdit::pin(rows().at(row), pinned));
}

void ConversationListModel::setArchived(const QString &id, bool archived)
{
    const int row = rowOf(id);
    if (row >= 0 && rows().at(row).record.archived != archived)
        save(ConversationEdit::archive(rows().at(row), archived));
}

void ConversationListModel::remove(const QString &id)
{
    const int row = rowOf(id);
    if (row < 0)
        return;
    const ConversationRow removed = rows().at(row);
    m_removals.add(removed, m_undoTimeout);
    takeRows(row, row);
    Q_EMIT removePending(id, removed.record.title);
}

void ConversationListModel::undoRemove(const QString &id)
{
    if (const std::optional<ConversationRow> row = m_removals.take(id))
        place(*row, Placement::Always);
}

void ConversationListModel::commitRemoval(const ConversationRow &row)
{
    const QString id = row.record.id;
    Q_EMIT removeCommitted(id);
    if (!m_store)
        return;
    m_deleting.insert(id);
    m_created.remove(id);
    onFinished(m_store->deleteConversation(id), this, [this, id, row](const StorageError &failure) {
        m_deleting.remove(id);
        if (!failure.isError())
            return;
        place(row, Placement::Always);
        Q_EMIT error(tr("“%1” could not be deleted: %2").arg(row.record.title, failure.message));
    });
}

void ConversationListModel::save(const ConversationEdit &edit)
{
    if (!m_store)
        return;
    m_saves.begin(edit.id());
    // Before the first page there is no loaded range yet: the row moves among what is shown.
    place(edit.changed(), m_cursor || atEnd() ? Placement::InLoadedRange : Placement::Always);
    onFinished(m_store->updateConversation(edit.change()), this,
               [this, edit](const StorageError &result) { finishSave(edit, result); });
}

void ConversationListModel::finishSave(const ConversationEdit &edit, const StorageError &result)
{
    const QString id = edit.id();
    m_saves.finish(id);
    if (result.isError()) {
        if (ConversationRow *hidden = m_removals.find(id)) {
            edit.revert(*hidden);
        } else {
            const int row = rowOf(id);
            ConversationRow current = row >= 0 ? rows().at(row) : edit.changed();
            edit.revert(current);
            place(current, Placement::Always);
        }
        Q_EMIT error(edit.failure(result.message));
    }
    // What another machine did meanwhile was held back: read it now.
    if (m_saves.takeHeldBack(id))
        refreshConversations({id});
}

void ConversationListModel::refresh()
{
    if (loading()) {
        m_refreshAgain = true;
        return;
    }
    // The whole range loaded so far, in one read.
    requestPage(int(std::max<qsizetype>({pageSize, m_listedRows, rows().size()})), true);
}

void ConversationListModel::fetchNextPage()
{
    requestPage(pageSize, false);
}

void ConversationListModel::requestPage(int limit, bool refreshing)
{
    if (!m_store)
        return;
    ConversationQuery query;
    query.archived = m_showArchived ? ConversationQuery::Archived::Only : ConversationQuery::Archived::Hidden;
    query.limit = limit;
    if (!refreshing && m_cursor) {
        query.afterSet = true;
        query.afterPinned = m_cursor->pinned;
        query.afterUpdatedAt = QDateTime::fromMSecsSinceEpoch(m_cursor->updatedAt, QTimeZone::utc());
        query.afterId = m_cursor->id;
    }
    PagedListModel::requestPage(
        refreshing || !m_cursor ? Page::First : Page::Next, limit, m_store->listConversations(query),
        [this, refreshing](const QList<ConversationRecord> &records) { applyPage(records, refreshing); },
        [this](const StorageError &failure) { Q_EMIT error(failure.message); });
}

void ConversationListModel::applyPage(const QList<ConversationRecord> &records, bool refreshing)
{
    // The range loaded now ends at the last row listed (and pages go on after it).
    if (!records.isEmpty())
        m_cursor = ConversationSortKey::of(records.constLast());
    else if (refreshing)
        m_cursor.reset();
    m_listedRows = refreshing ? records.size() : m_listedRows + records.size();
    finishPage(); // the next page's key is known: a view may ask for it while these rows go in
    if (refreshing)
        removeMissing(records);
    placeAll(records);
    if (std::exchange(m_refreshAgain, false))
        refresh();
}

void ConversationListModel::placeAll(const QList<ConversationRecord> &records)
{
    // The usual case, a page of rows that all go after the last one, is one insertion.
    QList<ConversationRow> batch;
    for (const ConversationRecord &record : records) {
        if (ignoresStoreFor(record.id)) {
            if (ConversationRow *hidden = m_removals.find(record.id))
                *hidden = ConversationRow::fromStore(record, hidden);
            continue;
        }
        m_created.remove(record.id);
        const int row = rows().rowOf(record.id);
        if (row < 0 && inView(record)) {
            const ConversationSortKey key = ConversationSortKey::of(record);
            const ConversationRow *last = !batch.isEmpty()   ? &batch.constLast()
                                          : rows().isEmpty() ? nullptr
                                                             : &rows().last();
            if (!last || ConversationSortKey::of(last->record).comesBefore(key)) {
                batch.append(ConversationRow::fromStore(record, nullptr));
                continue;
            }
        }
        appendRows(std::exchange(batch, {}));
        place(ConversationRow::fromStore(record, row >= 0 ? &rows().at(row) : nullptr),
              Placement::InLoadedRange);
    }
    appendRows(batch);
}

void ConversationListModel::removeMissing(const QList<ConversationRecord> &records)
{
    QSet<QString> listed;
    listed.reserve(records.size());
    for (const ConversationRecord &record : records)
        listed.insert(record.id);
    const auto keep = [&](int row) {
        const QString &id = rows().at(row).record.id;
        return listed.contains(id) || m_created.contains(id) || m_saves.inFlight(id);
    };
    // From the bottom, a run of rows at a time.
    for (int last = rows().size() - 1; last >= 0;) {
        if (keep(last)) {
            --last;
            continue;
        }
        int first = last;
        while (first > 0 && !keep(first - 1))
            --first;
        takeRows(first, last);
        last = first - 1;
    }
}

void ConversationListModel::refreshConversations(const QStringList &ids)
{
    if (!m_store)
        return;
    for (const QString &id : ids) {
        if (m_saves.inFlight(id)) {
            m_saves.holdBack(id);
            continue;
        }
        onFinished(
            m_store->conversation(id), this,
            [this, id](const StorageResult<ConversationRecord> &result) { applyConversation(id, result); });
    }
}

void ConversationListModel::applyConversation(const QString &id,
                                              const StorageResult<ConversationRecord> &result)
{
    if (m_saves.inFlight(id)) {
        m_saves.holdBack(id);
        return;
    }
    if (m_deleting.contains(id))
        return;
    if (!result.ok()) {
        // A read that failed is caught up by the next change or refresh; a conversation that is
        // gone was deleted elsewhere, unless it is ours and not saved yet.
        if (result.error.kind != StorageError::Kind::NotFound || m_created.contains(id))
            return;
        if (m_removals.take(id)) {
            Q_EMIT removeCommitted(id);
        } else if (const int row = rows().rowOf(id); row >= 0) {
            takeRows(row, row);
        }
        return;
    }
    m_created.remove(id);
    if (ConversationRow *hidden = m_removals.find(id)) {
        *hidden = ConversationRow::fromStore(result.value, hidden);
        return;
    }
    const int row = rows().rowOf(id);
    place(ConversationRow::fromStore(result.value, row >= 0 ? &rows().at(row) : nullptr),
          Placement::InLoadedRange);
}

bool ConversationListModel::ignoresStoreFor(const QString &id) const
{
    return m_saves.inFlight(id) || m_removals.contains(id) || m_deleting.contains(id);
}

void ConversationListModel::place(const ConversationRow &row, Placement placement)
{
    const QString id = row.record.id;
    const int from = rows().rowOf(id);
    const ConversationSortKey key = ConversationSortKey::of(row.record);
    // A row shown that keeps its place is updated there, whatever the loaded range.
    const bool keepsItsPlace = from >= 0 && ConversationSortKey::of(rows().at(from).record) == key;
    const bool visible = inView(row.record) && !m_removals.contains(id) &&
                         (placement == Placement::Always || keepsItsPlace || inLoadedRange(key));
    if (visible)
        show(row);
    else if (from >= 0)
        takeRows(from, from);
}

bool ConversationListModel::inView(const ConversationRecord &record) const
{
    return record.archived == m_showArchived;
}

bool ConversationListModel::inLoadedRange(const ConversationSortKey &key) const
{
    return atEnd() || (m_cursor && !m_cursor->comesBefore(key));
}
