// SPDX-License-Identifier: GPL-3.0-or-later
// The repository on both backends; this file: conversations and the fields they keep.
#include "tst_conversationrepository.h"

void TestConversationRepository::conversationRoundTrip()
{
    OPEN_FRESH(db);
    ConversationRepository repository(*db);

    ConversationRecord conversation =
        conversationAt(QStringLiteral("Gazpacho “ideas” 🍅 'quoted'"), 1700000000123);
    conversation.pinned = true;
    conversation.providerProfile = QStringLiteral("openai");
    conversation.model = QStringLiteral("gpt-4o");
    conversation.systemPrompt = QStringLiteral("Be brief.\nReally; DROP TABLE x; --");
    VERIFY_OK(repository.saveConversation(conversation));
    // Upserting the same record again changes nothing.
    VERIFY_OK(repository.saveConversation(conversation));
    QCOMPARE(scalar(*db, QStringLiteral("SELECT count(*) FROM conversations")), 1);

    StorageResult<ConversationRecord> read = repository.conversation(conversation.id);
    QVERIFY2(read.ok(), qPrintable(describe(read.error)));
    QCOMPARE(read.value.id, conversation.id);
    QCOMPARE(read.value.title, conversation.title);
    QCOMPARE(read.value.createdAt, conversation.createdAt);
    QCOMPARE(read.value.updatedAt, conversation.updatedAt);
    QCOMPARE(read.value.updatedAt.timeSpec(), Qt::UTC);
    QCOMPARE(read.value.pinned, true);
    QCOMPARE(read.value.archived, false);
    QCOMPARE(read.value.providerProfile, conversation.providerProfile);
    QCOMPARE(read.value.model, conversation.model);
    QCOMPARE(read.value.systemPrompt, conversation.systemPrompt);
    QCOMPARE(read.value.currentLeafId, QString());
    QCOMPARE(read.value.messageCount, 0);

    // An update: renamed, unpinned, archived. An older updated_at does not move it back.
    conversation.title = QStringLiteral("Renamed");
    conversation.pinned = false;
    conversation.archived = true;
    conversation.updatedAt = at(1600000000000);
    VERIFY_OK(repository.saveConversation(conversation));
    read = repository.conversation(conversation.id);
    QVERIFY(read.ok());
    QCOMPARE(read.value.title, QStringLiteral("Renamed"));
    QCOMPARE(read.value.pinned, false);
    QCOMPARE(read.value.archived, true);
    QCOMPARE(read.value.updatedAt, at(1700000000123));

    // Empty strings stay empty strings (the columns are NOT NULL).
    ConversationRecord bare;
    bare.id = newId();
    VERIFY_OK(repository.saveConversation(bare));
    read = repository.conversation(bare.id);
    QVERIFY(read.ok());
    QCOMPARE(read.value.title, QString());
    QVERIFY(read.value.createdAt.isValid());

    VERIFY_OK(repository.deleteConversation(conversation.id));
    read = repository.conversation(conversation.id);
    QCOMPARE(read.error.kind, Kind::NotFound);
    QVERIFY(!read.error.message.isEmpty());
    // A retried delete does no harm.
    VERIFY_OK(repository.deleteConversation(conversation.id));
    QCOMPARE(repository.saveConversation(ConversationRecord{}).kind, Kind::Invalid);
}

void TestConversationRepository::samplingParametersRoundTrip()
{
    OPEN_FRESH(db);
    ConversationRepository repository(*db);

    ConversationRecord tuned = conversationAt(QStringLiteral("Tuned"), 1700000000000);
    tuned.providerProfile = QStringLiteral("anthropic");
    tuned.model = QStringLiteral("claude-test");
    tuned.systemPrompt = QStringLiteral("You are a poet.");
    tuned.temperature = 0.7;
    tuned.topP = 0.9;
    tuned.maxTokens = 512;
    VERIFY_OK(repository.saveConversation(tuned));
    ConversationRecord plain = conversationAt(QStringLiteral("Plain"), 1700000001000);
    VERIFY_OK(repository.saveConversation(plain));

    StorageResult<ConversationRecord> read = repository.conversation(tuned.id);
    QVERIFY2(read.ok(), qPrintable(describe(read.error)));
    QCOMPARE(read.value.providerProfile, QStringLiteral("anthropic"));
    QCOMPARE(read.value.model, QStringLiteral("claude-test"));
    QCOMPARE(read.value.systemPrompt, QStringLiteral("You are a poet."));
    QCOMPARE(read.value.temperature, std::optional<double>(0.7));
    QCOMPARE(read.value.topP, std::optional<double>(0.9));
    QCOMPARE(read.value.maxTokens, std::optional<int>(512));
    read = repository.conversation(plain.id);
    QVERIFY(read.ok());
    QVERIFY(!read.value.temperature);
    QVERIFY(!read.value.topP);
    QVERIFY(!read.value.maxTokens);

    // The list reads them too.
    const StorageResult<QList<ConversationRecord>> listed = repository.listConversations({});
    QVERIFY2(listed.ok(), qPrintable(describe(listed.error)));
    QCOMPARE(listed.value.size(), 2);
    QCOMPARE(listed.value.at(0).id, plain.id);
    QVERIFY(!listed.value.at(0).temperature);
    QCOMPARE(listed.value.at(1).temperature, std::optional<double>(0.7));
    QCOMPARE(listed.value.at(1).topP, std::optional<double>(0.9));
    QCOMPARE(listed.value.at(1).maxTokens, std::optional<int>(512));
    QCOMPARE(listed.value.at(1).systemPrompt, QStringLiteral("You are a poet."));

    // An update changes them, and unsets them again; zero is a value, not "unset".
    tuned.temperature = 0.0;
    tuned.topP.reset();
    tuned.maxTokens = 1;
    VERIFY_OK(repository.saveConversation(tuned));
    read = repository.conversation(tuned.id);
    QVERIFY(read.ok());
    QCOMPARE(read.value.temperature, std::optional<double>(0.0));
    QVERIFY(!read.value.topP);
    QCOMPARE(read.value.maxTokens, std::optional<int>(1));
    tuned.temperature.reset();
    tuned.maxTokens.reset();
    VERIFY_OK(repository.saveConversation(tuned));
    read = repository.conversation(tuned.id);
    QVERIFY(read.ok());
    QVERIFY(!read.value.temperature);
    QVERIFY(!read.value.maxTokens);
    QCOMPARE(scalar(*db, QStringLiteral("SELECT count(*) FROM conversations WHERE temperature IS NULL"
                                        " AND top_p IS NULL AND max_tokens IS NULL")),
             2);
}

void TestConversationRepository::aChangeWritesOnlyItsFields()
{
    OPEN_FRESH(db);
    ConversationRepository repository(*db);
    ConversationRecord stored = conversationAt(QStringLiteral("First words"), 1700000000000);
    stored.providerProfile = QStringLiteral("one");
    stored.model = QStringLiteral("model-one");
    stored.temperature = 0.7;
    stored.maxTokens = 100;
    VERIFY_OK(repository.createConversation(stored));
    // Created once: a retried create leaves what is there.
    ConversationRecord again = stored;
    again.title = QStringLiteral("Not this");
    VERIFY_OK(repository.createConversation(again));
    QCOMPARE(repository.conversation(stored.id).value.title, QStringLiteral("First words"));

    // Two copies of the record, each changing its own fields: neither undoes the other.
    ConversationRecord sidebar = stored;
    ConversationRecord chat = stored;
    sidebar.title = QStringLiteral("Renamed");
    VERIFY_OK(repository.updateConversation(ConversationChange::between(stored, sidebar)));
    chat.providerProfile = QStringLiteral("two");
    chat.temperature.reset();
    chat.topP = 0.5;
    VERIFY_OK(repository.updateConversation(ConversationChange::between(stored, chat)));
    ConversationChange pin;
    pin.id = stored.id;
    pin.pinned = true;
    VERIFY_OK(repository.updateConversation(pin));

    const StorageResult<ConversationRecord> read = repository.conversation(stored.id);
    QVERIFY2(read.ok(), qPrintable(describe(read.error)));
    QCOMPARE(read.value.title, QStringLiteral("Renamed"));
    QCOMPARE(read.value.providerProfile, QStringLiteral("two"));
    QCOMPARE(read.value.model, QStringLiteral("model-one"));
    QVERIFY(!read.value.temperature);
    QCOMPARE(read.value.topP, std::optional<double>(0.5));
    QCOMPARE(read.value.maxTokens, std::optional<int>(100));
    QVERIFY(read.value.pinned);
    QVERIFY(!read.value.archived);
    QCOMPARE(read.value.updatedAt, stored.updatedAt); // a change of settings is not news

    // Nothing to change is no write; a conversation that is gone is said to be.
    VERIFY_OK(repository.updateConversation(ConversationChange::between(chat, chat)));
    ConversationChange lost;
    lost.id = newId();
    lost.title = QStringLiteral("Nowhere");
    QCOMPARE(repository.updateConversation(lost).kind, Kind::NotFound);
    QCOMPARE(repository.updateConversation(ConversationChange{}).kind, Kind::Invalid);
}

QTEST_GUILESS_MAIN(TestConversationRepository)
