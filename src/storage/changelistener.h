// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sqlitewatcher.h"

#include <QHash>
#include <QMetaObject>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QSqlDriver>
#include <QStringList>
#include <QTimer>

class Database;

// Hears what other Confabs change in the history: PostgreSQL's LISTEN/NOTIFY on the store's
// connection, SQLite's data_version (SqliteWatcher). A burst of news is gathered into one
// signal per kind. Lives on the storage thread, with the connection.
class ChangeListener : public QObject
{
    Q_OBJECT

public:
    explicit ChangeListener(QObject *parent = nullptr);

    // Listens on `db`'s connection (PostgreSQL; nothing on SQLite) unless it listens there
    // already; a new connection means news was missed, reported as "anything changed".
    // `instanceId` names this writer in the notifications its session causes.
    void listen(Database *db, const QString &instanceId);
    // Stops hearing the connection, which is about to be replaced or closed.
    void detach();
    // Watches a SQLite history (which outlives the watching, until stop()).
    void watchSqlite(Database *db);
    // No more news, nor any gathered but not yet reported.
    void stop();

Q_SIGNALS:
    // An empty list means anything may have changed (we were disconnected and missed news).
    void conversationsChanged(const QStringList &conversationIds);
    void messagesChanged(const QString &conversationId, const QStringList &messageIds);

private:
    void onNotification(const QString &name, QSqlDriver::NotificationSource source, const QVariant &payload);
    void gathered();
    void emitChanges();

    QMetaObject::Connection m_notificationConnection;
    QPointer<QSqlDriver> m_listeningDriver; // the connection we LISTEN on; Database may replace it
    bool m_listenedBefore = false;
    QTimer m_changeTimer; // coalesces a burst of notifications into one signal per kind
    QSet<QString> m_changedConversations;
    QHash<QString, QSet<QString>> m_changedMessages;
    bool m_changedEverything = false;
    SqliteWatcher m_sqliteWatcher; // other programs' changes to a SQLite history
};
