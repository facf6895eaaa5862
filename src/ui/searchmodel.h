// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "pagedlistmodel.h"
#include "searchhit.h"

#include <QList>
#include <QPointer>
#include <QString>
#include <QTimer>
#include <QtQml/qqmlregistration.h>

#include <chrono>

class ConversationStore;

// Search as you type: the store is asked once typing pauses (150 ms), and only the answer to the
// latest query is shown, whatever order the answers come back in. More hits load as the view
// scrolls (canFetchMore/fetchMore, PagedListModel's).
class SearchModel : public PagedListModel
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Search is AppContext.search")
    Q_PROPERTY(QString query READ query WRITE setQuery NOTIFY queryChanged)
    Q_PROPERTY(bool busy READ busy NOTIFY busyChanged)
    Q_PROPERTY(QString errorString READ errorString NOTIFY errorStringChanged)
    Q_PROPERTY(int count READ count NOTIFY countChanged)

public:
    enum Roles {
        ConversationIdRole = Qt::UserRole + 1,
        MessageIdRole, // empty when the title matched
        TitleRole,
        SnippetRole,     // rich text: escaped, the match in <b>
        InReasoningRole, // the match is in the model's thinking, and the snippet is from it
    };
    Q_ENUM(Roles)

    static constexpr std::chrono::milliseconds debounce{150};
    static constexpr int pageSize = 30;

    explicit SearchModel(ConversationStore *store, QObject *parent = nullptr);

    QString query() const { return m_query; }
    // An empty query clears the results at once.
    void setQuery(const QString &query);
    // True from a keystroke until the answer to it is shown.
    bool busy() const { return m_busy; }
    // Why the last search failed, for the user; empty when it did not.
    QString errorString() const { return m_errorString; }
    int count() const { return int(m_rows.size()); }

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

Q_SIGNALS:
    void queryChanged();
    void busyChanged();
    void errorStringChanged();
    void countChanged();
    // A search went to the store (typing paused): the words asked for.
    void searchStarted(const QString &text);

protected:
    void fetchNextPage() override;
    bool readyForMore() const override;

private:
    struct Row
    {
        QString conversationId;
        QString messageId;
        QString title;
        QString snippet;
        bool inReasoning = false;
    };

    void requestPage(int offset);
    void applyPage(const QList<SearchHit> &hits, int offset);
    static QList<Row> withoutRepeatedTitles(const QList<Row> &rows);
    void replaceRows(const QList<Row> &rows);
    void appendRows(const QList<Row> &rows);
    void updateBusy();
    void setErrorString(const QString &errorString);

    QPointer<ConversationStore> m_store;
    QTimer m_debounce;
    QString m_query;
    QList<Row> m_rows;
    bool m_busy = false;
    int m_received = 0; // hits the store has given for this query: the next page's offset
    QString m_errorString;
};
