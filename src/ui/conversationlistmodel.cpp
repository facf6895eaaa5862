// SPDX-License-Identifier: GPL-3.0-or-later
#include "conversationlistmodel.h"

#include "conversationquery.h"
#include "conversationsections.h"
#include "conversationstore.h"
#include "futurecallback.h"

#include <QTimeZone>

#include <algorithm>
#include <chrono>
#include <utility>

using namespace Qt::StringLiterals;

ConversationListModel::ConversationListModel(ConversationStore *store, QObject *parent)
    : QAbstractListModel(parent)
    , m_store(store)
    , m_clock([] { return QDateTime::currentDateTime(); })
{
    connect(store, &ConversationStore::conversationsChanged, this, [this](const QStringList &ids) {
        if (ids.isEmpty())
            refresh(); // we missed news: anything may have changed
        else
            refreshConversations(ids);
    });
    connect(store, &ConversationStore::statusChanged, this, [this] {
        // A page that failed while the database was away is asked for again once it is back.
        if (m_loadFailed && m_store && m_store->status() == ConversationStore::Status::Ready) {
            m_loadFailed = false;
            refresh();
        }
    });
    connect(this, &QAbstractItemModel::rowsInserted, this, &ConversationListModel::countChanged);
    connect(this, &QAbstractItemModel::rowsRemoved, this, &ConversationListModel::countChanged);
    connect(this, &QAbstractItemModel::modelReset, this, &ConversationListModel::countChanged);

    m_dayTimer.setSingleShot(true);
    m_dayTimer.setTimerType(Qt::VeryCoarseTimer);
    connect(&m_dayTimer, &QTimer::timeout, this, &ConversationListModel::updateToday);
    updateToday();

    requestPage(pageSize, false);
}

ConversationListModel::~ConversationListModel()
{
    if (!m_store)
        return;
    for (auto it = m_removals.cbegin(); it != m_removals.cend(); ++it)
        m_store->deleteConversation(it.key());
}

void ConversationListModel::setClock(Clock clock)
{
    m_clock = std::move(clock);
    updateToday();
}

void ConversationListModel::setShowArchived(bool showArchived)
{
    if (showArchived == m_showArchived)
        return;
    // Another list altogether: the one place this model resets.
    beginResetModel();
    m_showArchived = showArchived;
    m_rows.clear();
    m_rowIndex.clear();
    m_rowIndexValid = true;
    m_cursor.reset();
    m_listedRows = 0;
    m_atEnd = false;
    m_fetching = false;
    m_loadFailed = false;
    m_refreshAgain = false;
    ++m_generation;
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

int ConversationListModel::rowOf(const QString &id) const
{
    if (!m_rowIndexValid) {
        m_rowIndex.clear();
        m_rowIndex.reserve(m_rows.size());
        for (int row = 0; row < int(m_rows.size()); ++row)
            m_rowIndex.insert(m_rows.at(row).record.id, row);
        m_rowIndexValid = true;
    }
    return m_rowIndex.value(id, -1);
}

void ConversationListModel::insertOrUpdate(const ConversationRecord &conversation, bool pendingTitle)
{
    if (conversation.id.isEmpty())
        return;
    Row row{conversation, pendingTitle};
    if (!row.record.updatedAt.isValid())
        row.record.updatedAt =
            row.record.createdAt.isValid() ? row.record.createdAt : QDateTime::currentDateTimeUtc();
    if (const auto removal = m_removals.find(conversation.id); removal != m_removals.end()) {
        removal->row = row; // stays hidden until undone
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
    Row changed = m_rows.at(row);
    const QString oldTitle = changed.record.title;
    const bool oldPending = changed.pendingTitle;
    const QString newTitle = title.simplified(); // one line
    if (newTitle.isEmpty()) {
        Q_EMIT error(tr("A conversation needs a title: “%1” keeps its own.").arg(oldTitle));
        return;
    }
    if (newTitle == oldTitle && !oldPending)
        return;
    changed.record.title = newTitle;
    changed.pendingTitle = false;
    ConversationChange change;
    change.title = newTitle;
    save(
        changed, change,
        [newTitle, oldTitle, oldPending](Row &current) {
            if (current.record.title == newTitle) {
                current.record.title = oldTitle;
                current.pendingTitle = oldPending;
            }
        },
        [newTitle, oldTitle](const QString &reason) {
            return tr("“%1” could not be renamed to “%2”: %3").arg(oldTitle, newTitle, reason);
        });
}

void ConversationListModel::applyGeneratedTitle(const QString &id, const QString &title)
{
    const int row = rowOf(id);
    if (row >= 0 && m_rows.at(row).pendingTitle)
        rename(id, title);
}

void ConversationListModel::keepPendingTitle(const QString &id)
{
    const int row = rowOf(id);
    if (row < 0 || !m_rows.at(row).pendingTitle)
        return;
    m_rows[row].pendingTitle = false;
    const QModelIndex changed = index(row);
    Q_EMIT dataChanged(changed, changed, {PendingTitleRole});
}

void ConversationListModel::setPinned(const QString &id, bool pinned)
{
    const int row = rowOf(id);
    if (row < 0 || m_rows.at(row).record.pinned == pinned)
        return;
    Row changed = m_rows.at(row);
    changed.record.pinned = pinned;
    const QString title = changed.record.title;
    ConversationChange change;
    change.pinned = pinned;
    save(
        changed, change,
        [pinned](Row &current) {
            if (current.record.pinned == pinned)
                current.record.pinned = !pinned;
        },
        [pinned, title](const QString &reason) {
            return pinned ? tr("“%1” could not be pinned: %2").arg(title, reason)
                          : tr("“%1” could not be unpinned: %2").arg(title, reason);
        });
}

void ConversationListModel::setArchived(const QString &id, bool archived)
{
    const int row = rowOf(id);
    if (row < 0 || m_rows.at(row).record.archived == archived)
        return;
    Row changed = m_rows.at(row);
    changed.record.archived = archived;
    const QString title = changed.record.title;
    ConversationChange change;
    change.archived = archived;
    save(
        changed, change,
        [archived](Row &current) {
            if (current.record.archived == archived)
                current.record.archived = !archived;
        },
        [archived, title](const QString &reason) {
            return archived ? tr("“%1” could not be archived: %2").arg(title, reason)
                            : tr("“%1” could not be restored from the archive: %2").arg(title, reason);
        });
}

void ConversationListModel::remove(const QString &id)
{
    const int row = rowOf(id);
    if (row < 0)
        return;
    Removal removal{m_rows.at(row), new QTimer(this)};
    removal.timer->setSingleShot(true);
    removal.timer->setInterval(m_undoTimeout);
    connect(removal.timer, &QTimer::timeout, this, [this, id] { commitRemoval(id); });
    removal.timer->start();
    m_removals.insert(id, removal);
    takeRows(row, row);
    Q_EMIT removePending(id, removal.row.record.title);
}

void ConversationListModel::undoRemove(const QString &id)
{
    const auto it = m_removals.find(id);
    if (it == m_removals.end())
        return;
    const Removal removal = it.value();
    m_removals.erase(it);
    delete removal.timer;
    place(removal.row, Placement::Always);
}

void ConversationListModel::commitRemoval(const QString &id)
{
    const auto it = m_removals.find(id);
    if (it == m_removals.end())
        return;
    const Removal removal = it.value();
    m_removals.erase(it);
    removal.timer->deleteLater(); // we are in its timeout
    Q_EMIT removeCommitted(id);
    if (!m_store)
        return;
    m_deleting.insert(id);
    m_created.remove(id);
    onFinished(m_store->deleteConversation(id), this,
               [this, id, row = removal.row](const StorageError &failure) {
                   m_deleting.remove(id);
                   if (!failure.isError())
                       return;
                   place(row, Placement::Always);
                   Q_EMIT error(tr("“%1” could not be deleted: %2").arg(row.record.title, failure.message));
               });
}

void ConversationListModel::save(const Row &changed, ConversationChange change,
                                 std::function<void(Row &)> revert,
                                 std::function<QString(const QString &reason)> failure)
{
    if (!m_store)
        return;
    const QString id = changed.record.id;
    change.id = id;
    ++m_savesInFlight[id];
    // Before the first page there is no loaded range yet: the row moves among what is shown.
    place(changed, m_cursor || m_atEnd ? Placement::InLoadedRange : Placement::Always);
    // Only what changed is written: the row's other fields may be older than the stored ones.
    onFinished(m_store->updateConversation(change), this,
               [this, changed, revert = std::move(revert), failure = std::move(failure)](
                   const StorageError &result) { finishSave(changed, revert, failure, result); });
}

void ConversationListModel::finishSave(const Row &changed, const std::function<void(Row &)> &revert,
                                       const std::function<QString(const QString &)> &failure,
                                       const StorageError &result)
{
    const QString &id = changed.record.id;
    if (--m_savesInFlight[id] <= 0)
        m_savesInFlight.remove(id);
    if (result.isError()) {
        if (const auto removal = m_removals.find(id); removal != m_removals.end()) {
            revert(removal->row);
        } else {
            const int row = rowOf(id);
            Row current = row >= 0 ? m_rows.at(row) : changed;
            revert(current);
            place(current, Placement::Always);
        }
        Q_EMIT error(failure(result.message));
    }
    // What another machine did meanwhile was held back: read it now.
    if (!m_savesInFlight.contains(id) && m_changedWhileSaving.remove(id))
        refreshConversations({id});
}

void ConversationListModel::refresh()
{
    if (m_fetching) {
        m_refreshAgain = true;
        return;
    }
    m_loadFailed = false;
    // The whole range loaded so far, in one read.
    requestPage(int(std::max<qsizetype>({pageSize, m_listedRows, m_rows.size()})), true);
}

bool ConversationListModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && !m_atEnd && !m_fetching && !m_loadFailed;
}

void ConversationListModel::fetchMore(const QModelIndex &parent)
{
    if (canFetchMore(parent))
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
    m_fetching = true;
    Q_EMIT loadingChanged();
    onFinished(m_store->listConversations(query), this,
               [this, generation = m_generation, limit,
                refreshing](const StorageResult<QList<ConversationRecord>> &result) {
                   if (generation == m_generation)
                       applyPage(result, limit, refreshing);
               });
}

void ConversationListModel::applyPage(const StorageResult<QList<ConversationRecord>> &result, int limit,
                                      bool refreshing)
{
    m_fetching = false;
    if (!result.ok()) {
        m_loadFailed = true;
        Q_EMIT loadingChanged();
        Q_EMIT error(result.error.message);
        return;
    }
    const QList<ConversationRecord> &records = result.value;
    // The range loaded now ends at the last row listed (and pages go on after it).
    m_atEnd = records.size() < limit;
    if (!records.isEmpty())
        m_cursor = ConversationSortKey::of(records.constLast());
    else if (refreshing)
        m_cursor.reset();
    m_listedRows = refreshing ? records.size() : m_listedRows + records.size();
    if (refreshing)
        removeMissing(records);
    placeAll(records);
    Q_EMIT loadingChanged();
    if (std::exchange(m_refreshAgain, false))
        refresh();
}

void ConversationListModel::placeAll(const QList<ConversationRecord> &records)
{
    // The usual case, a page of rows that all go after the last one, is one insertion.
    QList<Row> batch;
    const auto flushBatch = [&] {
        if (batch.isEmpty())
            return;
        const int first = int(m_rows.size());
        beginInsertRows(QModelIndex(), first, first + int(batch.size()) - 1);
        for (const Row &row : std::as_const(batch)) {
            if (m_rowIndexValid)
                m_rowIndex.insert(row.record.id, int(m_rows.size()));
            m_rows.append(row);
        }
        endInsertRows();
        batch.clear();
    };
    for (const ConversationRecord &record : records) {
        if (ignoresStoreFor(record.id)) {
            if (const auto removal = m_removals.find(record.id); removal != m_removals.end())
                removal->row = fromStore(record, &removal->row);
            continue;
        }
        m_created.remove(record.id);
        const int row = rowOf(record.id);
        if (row < 0 && inView(record)) {
            const ConversationSortKey key = ConversationSortKey::of(record);
            const Row *last = !batch.isEmpty()   ? &batch.constLast()
                              : m_rows.isEmpty() ? nullptr
                                                 : &m_rows.constLast();
            if (!last || ConversationSortKey::of(last->record).comesBefore(key)) {
                batch.append(fromStore(record, nullptr));
                continue;
            }
        }
        flushBatch();
        place(fromStore(record, row >= 0 ? &m_rows.at(row) : nullptr), Placement::InLoadedRange);
    }
    flushBatch();
}

void ConversationListModel::removeMissing(const QList<ConversationRecord> &records)
{
    QSet<QString> listed;
    listed.reserve(records.size());
    for (const ConversationRecord &record : records)
        listed.insert(record.id);
    const auto keep = [&](int row) {
        const QString &id = m_rows.at(row).record.id;
        return listed.contains(id) || m_created.contains(id) || m_savesInFlight.contains(id);
    };
    // From the bottom, a run of rows at a time.
    for (int last = int(m_rows.size()) - 1; last >= 0;) {
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
        if (m_savesInFlight.contains(id)) {
            m_changedWhileSaving.insert(id);
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
    if (m_savesInFlight.contains(id)) {
        m_changedWhileSaving.insert(id);
        return;
    }
    if (m_deleting.contains(id))
        return;
    if (!result.ok()) {
        // A read that failed is caught up by the next change or refresh; a conversation that is
        // gone was deleted elsewhere, unless it is ours and not saved yet.
        if (result.error.kind != StorageError::Kind::NotFound || m_created.contains(id))
            return;
        if (const auto removal = m_removals.find(id); removal != m_removals.end()) {
            delete removal->timer;
            m_removals.erase(removal);
            Q_EMIT removeCommitted(id);
        } else if (const int row = rowOf(id); row >= 0) {
            takeRows(row, row);
        }
        return;
    }
    m_created.remove(id);
    if (const auto removal = m_removals.find(id); removal != m_removals.end()) {
        removal->row = fromStore(result.value, &removal->row);
        return;
    }
    const int row = rowOf(id);
    place(fromStore(result.value, row >= 0 ? &m_rows.at(row) : nullptr), Placement::InLoadedRange);
}

ConversationListModel::Row ConversationListModel::fromStore(const ConversationRecord &record,
                                                            const Row *current)
{
    // A title stays "pending" until another one arrives.
    return {record, current && current->pendingTitle && current->record.title == record.title};
}

bool ConversationListModel::ignoresStoreFor(const QString &id) const
{
    return m_savesInFlight.contains(id) || m_removals.contains(id) || m_deleting.contains(id);
}

void ConversationListModel::place(const Row &row, Placement placement)
{
    const QString id = row.record.id;
    const int from = rowOf(id);
    const ConversationSortKey key = ConversationSortKey::of(row.record);
    // A row shown that keeps its place is updated there, whatever the loaded range.
    const bool keepsItsPlace = from >= 0 && ConversationSortKey::of(m_rows.at(from).record) == key;
    const bool visible = inView(row.record) && !m_removals.contains(id) &&
                         (placement == Placement::Always || keepsItsPlace || inLoadedRange(key));
    if (!visible) {
        if (from >= 0)
            takeRows(from, from);
        return;
    }
    if (from < 0) {
        const int to = insertionRow(key);
        beginInsertRows(QModelIndex(), to, to);
        m_rows.insert(to, row);
        m_rowIndexValid = false;
        endInsertRows();
        return;
    }
    const int to = insertionRow(key, from);
    if (to != from) {
        beginMoveRows(QModelIndex(), from, from, QModelIndex(), to > from ? to + 1 : to);
        m_rows.move(from, to);
        m_rowIndexValid = false;
        endMoveRows();
    }
    const Row old = std::exchange(m_rows[to], row);
    QList<int> roles;
    if (old.record.title != row.record.title)
        roles << TitleRole << Qt::DisplayRole;
    if (old.record.updatedAt != row.record.updatedAt)
        roles << UpdatedAtRole;
    if (old.record.pinned != row.record.pinned)
        roles << PinnedRole;
    if (old.record.archived != row.record.archived)
        roles << ArchivedRole;
    if (old.pendingTitle != row.pendingTitle)
        roles << PendingTitleRole;
    if (roles.contains(UpdatedAtRole) || roles.contains(PinnedRole))
        roles << SectionRole;
    if (!roles.isEmpty())
        Q_EMIT dataChanged(index(to), index(to), roles);
}

void ConversationListModel::takeRows(int first, int last)
{
    beginRemoveRows(QModelIndex(), first, last);
    m_rows.remove(first, last - first + 1);
    m_rowIndexValid = false;
    endRemoveRows();
}

int ConversationListModel::insertionRow(const ConversationSortKey &key, int ignoring) const
{
    // A binary search over the rows as if the one at `ignoring` were not there.
    const auto rowAt = [&](int position) {
        return ignoring >= 0 && position >= ignoring ? position + 1 : position;
    };
    int low = 0;
    int high = int(m_rows.size()) - (ignoring >= 0 ? 1 : 0);
    while (low < high) {
        const int middle = low + (high - low) / 2;
        if (ConversationSortKey::of(m_rows.at(rowAt(middle)).record).comesBefore(key))
            low = middle + 1;
        else
            high = middle;
    }
    return low;
}

bool ConversationListModel::inView(const ConversationRecord &record) const
{
    return record.archived == m_showArchived;
}

bool ConversationListModel::inLoadedRange(const ConversationSortKey &key) const
{
    return m_atEnd || (m_cursor && !m_cursor->comesBefore(key));
}

void ConversationListModel::updateToday()
{
    const QDate today = m_clock().toLocalTime().date();
    if (today != m_today) {
        m_today = today;
        if (!m_rows.isEmpty())
            Q_EMIT dataChanged(index(0), index(int(m_rows.size()) - 1), {SectionRole});
    }
    scheduleDayChange();
}

void ConversationListModel::scheduleDayChange()
{
    const QDateTime now = m_clock().toLocalTime();
    const QDateTime midnight(now.date().addDays(1), QTime(0, 0));
    // Just after midnight, and at least hourly in case the clock jumps (suspend, travel).
    const qint64 wait = std::clamp<qint64>(now.msecsTo(midnight) + 1000, 1000, 3600 * 1000);
    m_dayTimer.start(std::chrono::milliseconds(wait));
}

int ConversationListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant ConversationListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows.at(index.row());
    switch (role) {
    case IdRole:
        return row.record.id;
    case Qt::DisplayRole:
    case TitleRole:
        return row.record.title;
    case UpdatedAtRole:
        return row.record.updatedAt;
    case PinnedRole:
        return row.record.pinned;
    case ArchivedRole:
        return row.record.archived;
    case SectionRole:
        return ConversationSections::sectionFor(row.record.pinned, row.record.updatedAt, m_today);
    case PendingTitleRole:
        return row.pendingTitle;
    default:
        return {};
    }
}

QHash<int, QByteArray> ConversationListModel::roleNames() const
{
    return {
        {IdRole, "id"_ba},
        {TitleRole, "title"_ba},
        {UpdatedAtRole, "updatedAt"_ba},
        {PinnedRole, "pinned"_ba},
        {ArchivedRole, "archived"_ba},
        {SectionRole, "section"_ba},
        {PendingTitleRole, "pendingTitle"_ba},
    };
}
