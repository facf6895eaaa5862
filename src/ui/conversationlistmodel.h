// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "conversationrecord.h"
#include "conversationrow.h"
#include "conversationrowsmodel.h"
#include "conversationsaves.h"
#include "conversationsortkey.h"
#include "pendingremovals.h"

#include <QList>
#include <QPointer>
#include <QSet>
#include <QtQml/qqmlregistration.h>

#include <optional>

class ConversationEdit;
class ConversationStore;

// The sidebar's conversations, in the store's order (pinned, then most recently updated), with a
// section heading per row. Pages of 50 load as the view scrolls (canFetchMore/fetchMore): only the
// first at start, so 100,000 conversations cost nothing until looked at.
//
// Our own changes show at once and are saved behind: a row changes in place or moves, and a failed
// save puts it back and says so (error()). While a save of a conversation is on its way, what the
// store says about it is not shown over it. Another machine's changes (conversationsChanged) are
// read and applied in place too; nothing but a switch of view resets the model.
//
// The rows in order and their roles are ConversationRowsModel's, paging PagedListModel's, the
// rollback of a failed change ConversationEdit's, and the undo time of a removal PendingRemovals'.
class ConversationListModel : public ConversationRowsModel
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("The conversation list is AppContext.conversations")
    Q_PROPERTY(bool showArchived READ showArchived WRITE setShowArchived NOTIFY showArchivedChanged)
    Q_PROPERTY(int undoTimeout READ undoTimeout WRITE setUndoTimeout NOTIFY undoTimeoutChanged)
    Q_PROPERTY(bool loading READ loading NOTIFY loadingChanged)
    Q_PROPERTY(int count READ count NOTIFY countChanged)

public:
    static constexpr int pageSize = 50;
    static constexpr int defaultUndoTimeout = 5000; // ms

    explicit ConversationListModel(ConversationStore *store, QObject *parent = nullptr);
    // A removal still waiting for its undo time is carried out: closing the window is no undo.
    ~ConversationListModel() override;

    bool showArchived() const { return m_showArchived; }
    void setShowArchived(bool showArchived);
    int undoTimeout() const { return m_undoTimeout; }
    void setUndoTimeout(int milliseconds);
    int count() const { return rows().size(); }

    // The row of a conversation, or -1 when it is not loaded.
    Q_INVOKABLE int rowOf(const QString &id) const { return rows().rowOf(id); }

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

Q_SIGNALS:
    void showArchivedChanged();
    void undoTimeoutChanged();
    void countChanged();
    // A row was hidden for removal: the view offers to undo it until removeCommitted or undoRemove.
    void removePending(const QString &id, const QString &title);
    void removeCommitted(const QString &id);
    // Something the user asked for did not happen: a message to show them.
    void error(const QString &message);

protected:
    void fetchNextPage() override;

private:
    // Whether a row beyond the loaded range is shown: one we create or restore is, at once; one
    // the store tells us about comes with the page that reaches it.
    enum class Placement { InLoadedRange, Always };

    void requestPage(int limit, bool refreshing);
    void applyPage(const QList<ConversationRecord> &records, bool refreshing);
    void placeAll(const QList<ConversationRecord> &records);
    void removeMissing(const QList<ConversationRecord> &records);
    void refreshConversations(const QStringList &ids);
    void applyConversation(const QString &id, const StorageResult<ConversationRecord> &result);
    bool ignoresStoreFor(const QString &id) const;

    // Puts `row` where it belongs: updated in place, moved, inserted, or taken out of view.
    void place(const ConversationRow &row, Placement placement);
    bool inView(const ConversationRecord &record) const;
    bool inLoadedRange(const ConversationSortKey &key) const;

    // Shows the edit at once and writes it; a failure rolls it back and says so (error()).
    void save(const ConversationEdit &edit);
    void finishSave(const ConversationEdit &edit, const StorageError &result);
    void commitRemoval(const ConversationRow &row);

    QPointer<ConversationStore> m_store;
    bool m_showArchived = false;
    int m_undoTimeout = defaultUndoTimeout;

    // Keyset paging: the key of the last row the store listed (pages go on after it).
    std::optional<ConversationSortKey> m_cursor;
    qsizetype m_listedRows = 0; // rows the store has listed so far, for a refresh
    bool m_refreshAgain = false;

    ConversationSaves m_saves;
    QSet<QString> m_created; // inserted by us, not yet seen from the store
    PendingRemovals m_removals;
    QSet<QString> m_deleting; // removals the store is carrying out
};
