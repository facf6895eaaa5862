// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "conversationchange.h"
#include "conversationrecord.h"
#include "conversationsortkey.h"
#include "storageerror.h"
#include "storageresult.h"

#include <QAbstractListModel>
#include <QDate>
#include <QDateTime>
#include <QHash>
#include <QList>
#include <QPointer>
#include <QSet>
#include <QTimer>
#include <QtQml/qqmlregistration.h>

#include <functional>
#include <optional>

class ConversationStore;

// The sidebar's conversations, in the store's order (pinned, then most recently updated), with a
// section heading per row. Pages of 50 load as the view scrolls (canFetchMore/fetchMore): only the
// first at start, so 100,000 conversations cost nothing until looked at.
//
// Our own changes show at once and are saved behind: a row changes in place or moves, and a failed
// save puts it back and says so (error()). While a save of a conversation is on its way, what the
// store says about it is not shown over it. Another machine's changes (conversationsChanged) are
// read and applied in place too; nothing but a switch of view resets the model.
class ConversationListModel : public QAbstractListModel
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("The conversation list is AppContext.conversations")
    Q_PROPERTY(bool showArchived READ showArchived WRITE setShowArchived NOTIFY showArchivedChanged)
    Q_PROPERTY(int undoTimeout READ undoTimeout WRITE setUndoTimeout NOTIFY undoTimeoutChanged)
    Q_PROPERTY(bool loading READ loading NOTIFY loadingChanged)
    Q_PROPERTY(int count READ count NOTIFY countChanged)

public:
    enum Roles {
        IdRole = Qt::UserRole + 1,
        TitleRole,
        UpdatedAtRole,
        PinnedRole,
        ArchivedRole,
        SectionRole,
        PendingTitleRole,
    };
    Q_ENUM(Roles)

    using Clock = std::function<QDateTime()>;
    static constexpr int pageSize = 50;
    static constexpr int defaultUndoTimeout = 5000; // ms

    explicit ConversationListModel(ConversationStore *store, QObject *parent = nullptr);
    // A removal still waiting for its undo time is carried out: closing the window is no undo.
    ~ConversationListModel() override;

    // What "now" is, for the sections (tests fix it); the local clock by default.
    void setClock(Clock clock);

    bool showArchived() const { return m_showArchived; }
    void setShowArchived(bool showArchived);
    int undoTimeout() const { return m_undoTimeout; }
    void setUndoTimeout(int milliseconds);
    bool loading() const { return m_fetching; }
    int count() const { return int(m_rows.size()); }

    // The row of a conversation, or -1 when it is not loaded.
    Q_INVOKABLE int rowOf(const QString &id) const;

    // A conversation we just created or changed (the chat controller saves it): shown at once at
    // its place. `pendingTitle`: the title is still the first words, a generated one will follow.
    // When the store later reports the same conversation, the row is updated in place.
    void insertOrUpdate(const ConversationRecord &conversation, bool pendingTitle = false);

    Q_INVOKABLE void rename(const QString &id, const QString &title);
    // A title was generated: it replaces the first words, unless the user named it meanwhile.
    void applyGeneratedTitle(const QString &id, const QString &title);
    // No title will be generated: the first words stay.
    void keepPendingTitle(const QString &id);
    Q_INVOKABLE void setPinned(const QString &id, bool pinned);
    Q_INVOKABLE void setArchived(const QString &id, bool archived);
    // Hides the row at once; the conversation is deleted after undoTimeout unless undoRemove() comes
    // first, which puts the row back at its place.
    Q_INVOKABLE void remove(const QString &id);
    Q_INVOKABLE void undoRemove(const QString &id);
    Q_INVOKABLE bool isRemovalPending(const QString &id) const { return m_removals.contains(id); }
    // Reads the loaded range again and applies the differences in place.
    Q_INVOKABLE void refresh();

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;

Q_SIGNALS:
    void showArchivedChanged();
    void undoTimeoutChanged();
    void loadingChanged();
    void countChanged();
    // A row was hidden for removal: the view offers to undo it until removeCommitted or undoRemove.
    void removePending(const QString &id, const QString &title);
    void removeCommitted(const QString &id);
    // Something the user asked for did not happen: a message to show them.
    void error(const QString &message);

private:
    struct Row
    {
        ConversationRecord record;
        bool pendingTitle = false;
    };
    struct Removal
    {
        Row row;
        QTimer *timer = nullptr;
    };
    // Whether a row beyond the loaded range is shown: one we create or restore is, at once; one
    // the store tells us about comes with the page that reaches it.
    enum class Placement { InLoadedRange, Always };

    void requestPage(int limit, bool refreshing);
    void applyPage(const StorageResult<QList<ConversationRecord>> &result, int limit, bool refreshing);
    void placeAll(const QList<ConversationRecord> &records);
    void removeMissing(const QList<ConversationRecord> &records);
    void refreshConversations(const QStringList &ids);
    void applyConversation(const QString &id, const StorageResult<ConversationRecord> &result);
    // The store's record as a row; `current` is the row as shown, if it is.
    static Row fromStore(const ConversationRecord &record, const Row *current);
    bool ignoresStoreFor(const QString &id) const;

    // Puts `row` where it belongs: updated in place, moved, inserted, or taken out of view.
    void place(const Row &row, Placement placement);
    void takeRows(int first, int last);
    int insertionRow(const ConversationSortKey &key, int ignoring = -1) const;
    bool inView(const ConversationRecord &record) const;
    bool inLoadedRange(const ConversationSortKey &key) const;

    // Shows `changed` at once and writes `change` (what differs from the row as it was); on
    // failure `revert` undoes the change on the row as it is then, and the message `failure`
    // makes of the store's reason is emitted.
    void save(const Row &changed, ConversationChange change, std::function<void(Row &)> revert,
              std::function<QString(const QString &reason)> failure);
    void finishSave(const Row &changed, const std::function<void(Row &)> &revert,
                    const std::function<QString(const QString &reason)> &failure, const StorageError &result);
    void commitRemoval(const QString &id);

    void updateToday();
    void scheduleDayChange();

    QPointer<ConversationStore> m_store;
    Clock m_clock;
    QDate m_today;
    QTimer m_dayTimer;

    QList<Row> m_rows;
    mutable QHash<QString, int> m_rowIndex; // id → row, rebuilt after rows move
    mutable bool m_rowIndexValid = true;
    bool m_showArchived = false;
    int m_undoTimeout = defaultUndoTimeout;

    // Paging: the key of the last row the store listed, and whether there is more after it.
    std::optional<ConversationSortKey> m_cursor;
    qsizetype m_listedRows = 0; // rows the store has listed so far, for a refresh
    bool m_atEnd = false;
    bool m_fetching = false;
    bool m_loadFailed = false;
    bool m_refreshAgain = false;
    quint64 m_generation = 0; // a switch of view makes pages on their way stale

    QHash<QString, int> m_savesInFlight;
    QSet<QString> m_changedWhileSaving; // re-read when their saves are done
    QSet<QString> m_created;            // inserted by us, not yet seen from the store
    QHash<QString, Removal> m_removals;
    QSet<QString> m_deleting;
};
