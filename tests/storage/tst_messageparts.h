// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// TestMessageParts and what its files share: messages made of parts on either backend (schema
// version 8), written whole and while they stream, read back, found, recovered and salvaged.
#include "conversationrepository.h"
#include "messageparts.h"
#include "storagetests.h"
#include "testdatabases.h"

#include <QTemporaryDir>

#include <memory>

using Type = MessagePart::Type;

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
