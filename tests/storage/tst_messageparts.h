// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// TestMessageParts and what its files share: messages made of parts on either backend (schema
// version 8), written whole and while they stream, read back, found, recovered and salvaged.
#include "conversationrepository.h"
#include "database.h"
#include "messageparts.h"
#include "testdatabases.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>
#include <QUuid>

#include <memory>

using Role = MessageRecord::Role;
using Status = MessageRecord::Status;
using Type = MessagePart::Type;

inline QString newId()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

inline QDateTime at(qint64 millis)
{
    return QDateTime::fromMSecsSinceEpoch(millis, QTimeZone::utc());
}

inline QString describe(const StorageError &error)
{
    return error.message + u' ' + error.detail;
}

inline qint64 scalar(Database &db, const QString &sql, const QVariantList &values = {})
{
    QSqlQuery query(db.connection());
    query.prepare(sql);
    for (const QVariant &value : values)
        query.addBindValue(value);
    if (!query.exec() || !query.next()) {
        qWarning() << sql << query.lastError().text();
        return -1;
    }
    return query.value(0).toLongLong();
}

inline bool exec(Database &db, const QString &sql, const QVariantList &values, QString *why)
{
    QSqlQuery query(db.connection());
    if (values.isEmpty() ? query.exec(sql) : query.prepare(sql)) {
        for (const QVariant &value : values)
            query.addBindValue(value);
        if (values.isEmpty() || query.exec())
            return true;
    }
    *why = query.lastError().text();
    return false;
}

// A conversation saved in `repository`, its id.
inline QString addConversation(ConversationRepository &repository, qint64 created)
{
    ConversationRecord conversation;
    conversation.id = newId();
    conversation.title = QStringLiteral("Parts");
    conversation.createdAt = at(created);
    conversation.updatedAt = at(created);
    const StorageError error = repository.saveConversation(conversation);
    if (error.isError())
        qWarning() << describe(error);
    return conversation.id;
}

inline MessageRecord replyIn(const QString &conversationId, const QString &parentId, qint64 created)
{
    MessageRecord message;
    message.id = newId();
    message.conversationId = conversationId;
    message.parentId = parentId;
    message.role = Role::Assistant;
    message.createdAt = at(created);
    message.updatedAt = at(created);
    return message;
}

// One part of every type, every field the JSON of `show --json` carries set.
QList<MessagePart> everyKindOfPart();

#define VERIFY_OK(expression)                                                                                \
    do {                                                                                                     \
        const StorageError verifyError = (expression);                                                       \
        QVERIFY2(!verifyError.isError(), qPrintable(describe(verifyError)));                                 \
    } while (false)

#define OPEN_FRESH(db)                                                                                       \
    QFETCH(QString, backend);                                                                                \
    QString why;                                                                                             \
    const std::optional<DatabaseConfig> db##Config = TestDatabases::fresh(backend, m_dir.path(), &why);      \
    QVERIFY2(db##Config, qPrintable(why));                                                                   \
    Database db(*db##Config);                                                                                \
    VERIFY_OK(db.open())

class TestMessageParts : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    // tst_messageparts.cpp
    void everyTypeRoundTrips_data() { TestDatabases::addBackendRows(); }
    void everyTypeRoundTrips();
    void contentAndPartsAgree_data() { TestDatabases::addBackendRows(); }
    void contentAndPartsAgree();
    void reasoningEffortRoundTrips_data() { TestDatabases::addBackendRows(); }
    void reasoningEffortRoundTrips();
    void pagesReadTheirParts_data() { TestDatabases::addBackendRows(); }
    void pagesReadTheirParts();

    // tst_messageparts_streaming.cpp
    void thinkingThenAnswerStream_data() { TestDatabases::addBackendRows(); }
    void thinkingThenAnswerStream();
    void appendStreamingTextFollowsParts_data() { TestDatabases::addBackendRows(); }
    void appendStreamingTextFollowsParts();
    void killedDuringThinkingKeepsIt_data() { TestDatabases::addBackendRows(); }
    void killedDuringThinkingKeepsIt();
    void storeAppendsParts_data() { TestDatabases::addBackendRows(); }
    void storeAppendsParts();

    // tst_messageparts_migration.cpp
    void upgradeFromVersion7_data() { TestDatabases::addBackendRows(); }
    void upgradeFromVersion7();
    void searchFindsTheThinking_data() { TestDatabases::addBackendRows(); }
    void searchFindsTheThinking();
    void salvageCopiesParts();

private:
    QTemporaryDir m_dir;
};
