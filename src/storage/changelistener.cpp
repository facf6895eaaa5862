// SPDX-License-Identifier: GPL-3.0-or-later
#include "changelistener.h"

#include "database.h"
#include "storagelogging.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlError>
#include <QSqlQuery>

#include <chrono>

using namespace Qt::StringLiterals;

namespace {

const QString notificationChannel = u"confab_changes"_s;

// How long several notifications are gathered into one signal: a streaming reply on another
// machine saves five times a second, a bulk change touches many rows at once.
constexpr std::chrono::milliseconds changeCoalescing{100};

} // namespace

ChangeListener::ChangeListener(QObject *parent)
    : QObject(parent)
    , m_changeTimer(this)
    , m_sqliteWatcher(this)
{
    // Reported as PostgreSQL's notifications are: gathered, then one signal per kind.
    connect(&m_sqliteWatcher, &SqliteWatcher::changed, this, [this](const QStringList &ids, bool everything) {
        for (const QString &id : ids)
            m_changedConversations.insert(id);
        m_changedEverything = m_changedEverything || everything;
        gathered();
    });
    m_changeTimer.setSingleShot(true);
    m_changeTimer.setInterval(changeCoalescing);
    connect(&m_changeTimer, &QTimer::timeout, this, &ChangeListener::emitChanges);
}

void ChangeListener::listen(Database *db, const QString &instanceId)
{
    if (!db || db->dialect() != Database::Dialect::Postgres || !db->isOpen())
        return;
    QSqlDatabase connection = db->connection();
    QSqlDriver *driver = connection.driver();
    if (driver == m_listeningDriver && driver->subscribedToNotifications().contains(notificationChannel))
        return;
    // A new connection (ours, or Database's own after it found the old one lost): news sent
    // in between was not heard, so the views reload whatever they show.
    const bool missedNews = !m_listeningDriver.isNull() || m_listenedBefore;
    detach();
    m_listeningDriver = driver;
    m_listenedBefore = true;
    if (!instanceId.isEmpty()) {
        // Names us as the writer in the change notifications this session causes.
        QSqlQuery query(connection);
        query.prepare(u"SELECT set_config('confab.writer', ?, false)"_s);
        query.addBindValue(instanceId);
        if (!query.exec())
            qCWarning(lcStorage) << "cannot name this writer:" << query.lastError().text();
    }
    if (!driver->subscribeToNotification(notificationChannel)) {
        qCWarning(lcStorage) << "cannot listen for other clients' changes:" << driver->lastError().text();
        return;
    }
    m_notificationConnection =
        connect(driver, &QSqlDriver::notification, this, &ChangeListener::onNotification);
    if (missedNews) {
        m_changedEverything = true;
        gathered();
    }
}

void ChangeListener::detach()
{
    QObject::disconnect(m_notificationConnection);
}

void ChangeListener::watchSqlite(Database *db)
{
    m_sqliteWatcher.start(db);
}

void ChangeListener::stop()
{
    m_sqliteWatcher.stop();
    m_changeTimer.stop();
}

void ChangeListener::onNotification(const QString &name, QSqlDriver::NotificationSource source,
                                    const QVariant &payload)
{
    // Our writes all go through this one connection, and the driver knows the backend that
    // sent each notification: that tells our echo apart exactly. ("writer" in the payload is
    // not used for it: a message's writer_id stays ours when another Confab's recovery marks
    // it interrupted, and that change we must hear.)
    if (name != notificationChannel || source == QSqlDriver::SelfSource)
        return;
    const QJsonObject change = QJsonDocument::fromJson(payload.toString().toUtf8()).object();
    const QString table = change.value(u"table"_s).toString();
    const QString id = change.value(u"id"_s).toString();
    const QString conversationId = change.value(u"conversation_id"_s).toString();
    if (table == u"conversations" && !id.isEmpty()) {
        m_changedConversations.insert(id);
    } else if (table == u"messages" && !conversationId.isEmpty()) {
        m_changedConversations.insert(conversationId); // its updated_at and leaf move too
        if (!id.isEmpty())
            m_changedMessages[conversationId].insert(id);
    } else {
        qCDebug(lcStorage) << "ignoring a change notification:" << payload;
        return;
    }
    gathered();
}

void ChangeListener::gathered()
{
    if (!m_changeTimer.isActive())
        m_changeTimer.start();
}

void ChangeListener::emitChanges()
{
    if (m_changedEverything) {
        m_changedEverything = false;
        Q_EMIT conversationsChanged({});
    }
    if (!m_changedConversations.isEmpty())
        Q_EMIT conversationsChanged(
            QStringList(m_changedConversations.begin(), m_changedConversations.end()));
    for (auto it = m_changedMessages.cbegin(); it != m_changedMessages.cend(); ++it)
        Q_EMIT messagesChanged(it.key(), QStringList(it.value().begin(), it.value().end()));
    m_changedConversations.clear();
    m_changedMessages.clear();
}
