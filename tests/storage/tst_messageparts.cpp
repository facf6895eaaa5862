// SPDX-License-Identifier: GPL-3.0-or-later
#include "tst_messageparts.h"

#include "messagerepository.h"

#include <QJsonDocument>

QList<MessagePart> everyKindOfPart()
{
    MessagePart reasoning = MessagePart::reasoningPart(QStringLiteral("Let me think: 2 + 2."), 5120);
    reasoning.signature = QStringLiteral("sig-Ab3=");
    MessagePart redacted;
    redacted.type = Type::Reasoning;
    redacted.redactedData = QStringLiteral("EncryptedOpaque==");
    MessagePart call;
    call.type = Type::ToolCall;
    call.callId = QStringLiteral("call_1");
    call.name = QStringLiteral("calculator");
    call.arguments = QStringLiteral("{\"expression\":\"2+2\"}");
    call.status = QStringLiteral("done");
    MessagePart result;
    result.type = Type::ToolResult;
    result.callId = QStringLiteral("call_1");
    result.text = QStringLiteral("4");
    result.isError = true;
    MessagePart image;
    image.type = Type::Image;
    image.attachmentId = newId();
    image.mimeType = QStringLiteral("image/png");
    image.name = QStringLiteral("plot.png");
    MessagePart file;
    file.type = Type::File;
    file.attachmentId = newId();
    file.mimeType = QStringLiteral("application/pdf");
    file.name = QStringLiteral("paper.pdf");
    return {reasoning, redacted, call, result, image, file, MessagePart::textPart(QStringLiteral("It is 4.")),
            // NUL and the escape's own mark survive in a part's text too.
            MessagePart::textPart(QStringLiteral("nul ") + QChar(0) + QChar(0xFDD0))};
}

void TestMessageParts::everyTypeRoundTrips()
{
    OPEN_FRESH(db);
    ConversationRepository repository(db);
    const QString conversationId = addConversation(repository, 1000);
    MessageRecord message = replyIn(conversationId, {}, 2000);
    message.parts = everyKindOfPart();
    message.reasoningTokens = 321;
    message.firstTokenMs = 845;
    message.tokensPerSecond = 42.5;
    VERIFY_OK(repository.saveMessage(message));

    const StorageResult<MessageRecord> read = repository.message(message.id);
    QVERIFY2(read.ok(), qPrintable(describe(read.error)));
    QCOMPARE(read.value.parts.size(), message.parts.size());
    for (qsizetype i = 0; i < message.parts.size(); ++i) {
        // Every field, as the JSON of `show --json` gives it.
        QCOMPARE(QJsonDocument(read.value.parts.at(i).toJson()).toJson(),
                 QJsonDocument(message.parts.at(i).toJson()).toJson());
        QVERIFY(read.value.parts.at(i) == message.parts.at(i));
    }
    QCOMPARE(read.value.content, MessageParts::joinedText(message.parts));
    QCOMPARE(read.value.content.left(10), QStringLiteral("It is 4.\n\n"));
    QCOMPARE(read.value.reasoningTokens, std::optional<qint64>(321));
    QCOMPARE(read.value.firstTokenMs, std::optional<qint64>(845));
    QCOMPARE(read.value.tokensPerSecond, std::optional<double>(42.5));
    // One row per part, in order, as docs/storage.md says.
    QCOMPARE(
        scalar(db, QStringLiteral("SELECT count(*) FROM message_parts WHERE message_id = ?"), {message.id}),
        8);
    QCOMPARE(scalar(db,
                    QStringLiteral(
                        "SELECT position FROM message_parts WHERE message_id = ? AND type = 'tool_result'"),
                    {message.id}),
             3);

    // Saved again with fewer parts: the stored ones are replaced, not added to.
    message.parts = {MessagePart::reasoningPart(QStringLiteral("Shorter.")),
                     MessagePart::textPart(QStringLiteral("Four."))};
    message.reasoningTokens.reset();
    VERIFY_OK(repository.saveMessage(message));
    const MessageRecord again = repository.message(message.id).value;
    QCOMPARE(again.parts, message.parts);
    QCOMPARE(again.content, QStringLiteral("Four."));
    QVERIFY(!again.reasoningTokens);

    // A part's type is one the schema knows.
    QVERIFY(!exec(db, QStringLiteral("UPDATE message_parts SET type = 'thought'"), {}, &why));
    // Parts go with their message.
    VERIFY_OK(repository.deleteConversation(conversationId));
    QCOMPARE(scalar(db, QStringLiteral("SELECT count(*) FROM message_parts")), 0);
}

void TestMessageParts::contentAndPartsAgree()
{
    OPEN_FRESH(db);
    ConversationRepository repository(db);
    const QString conversationId = addConversation(repository, 1000);

    // Content alone: one text part of it; no content, no parts.
    MessageRecord plain = replyIn(conversationId, {}, 2000);
    plain.content = QStringLiteral("Just text.");
    VERIFY_OK(repository.saveMessage(plain));
    QCOMPARE(repository.message(plain.id).value.parts,
             QList<MessagePart>{MessagePart::textPart(QStringLiteral("Just text."))});
    MessageRecord empty = replyIn(conversationId, plain.id, 3000);
    empty.status = Status::Pending;
    VERIFY_OK(repository.saveMessage(empty));
    QVERIFY(repository.message(empty.id).value.parts.isEmpty());

    // Parts alone: the content is their text.
    MessageRecord parted = replyIn(conversationId, empty.id, 4000);
    parted.parts = {MessagePart::reasoningPart(QStringLiteral("hmm")),
                    MessagePart::textPart(QStringLiteral("A")), MessagePart::textPart(QStringLiteral("B"))};
    VERIFY_OK(repository.saveMessage(parted));
    MessageRecord read = repository.message(parted.id).value;
    QCOMPARE(read.content, QStringLiteral("A\n\nB"));

    // A record read back whose content is edited keeps its thinking and takes the new text.
    read.content = QStringLiteral("Edited answer.");
    VERIFY_OK(repository.saveMessage(read));
    read = repository.message(parted.id).value;
    QCOMPARE(read.content, QStringLiteral("Edited answer."));
    QCOMPARE(read.parts, (QList<MessagePart>{MessagePart::reasoningPart(QStringLiteral("hmm")),
                                             MessagePart::textPart(QStringLiteral("Edited answer."))}));

    // The thinking beside the answer as content: the answer becomes the text part, after it.
    MessageRecord beside = replyIn(conversationId, parted.id, 5000);
    beside.parts = {MessagePart::reasoningPart(QStringLiteral("first this"))};
    beside.content = QStringLiteral("then that");
    VERIFY_OK(repository.saveMessage(beside));
    QCOMPARE(repository.message(beside.id).value.parts,
             (QList<MessagePart>{MessagePart::reasoningPart(QStringLiteral("first this")),
                                 MessagePart::textPart(QStringLiteral("then that"))}));
}

void TestMessageParts::reasoningEffortRoundTrips()
{
    OPEN_FRESH(db);
    ConversationRepository repository(db);
    ConversationRecord conversation;
    conversation.id = newId();
    conversation.createdAt = at(1000);
    conversation.reasoningEffort = ReasoningEffort::High;
    VERIFY_OK(repository.createConversation(conversation));
    QCOMPARE(repository.conversation(conversation.id).value.reasoningEffort,
             std::optional<ReasoningEffort>(ReasoningEffort::High));
    QCOMPARE(scalar(db, QStringLiteral("SELECT count(*) FROM conversations WHERE reasoning_effort = 'high'")),
             1);

    // A change carries it, as every other parameter; unset is the server's default (NULL).
    for (const std::optional<ReasoningEffort> effort :
         {std::optional<ReasoningEffort>(ReasoningEffort::Off), std::optional<ReasoningEffort>(),
          std::optional<ReasoningEffort>(ReasoningEffort::Low)}) {
        ConversationRecord after = repository.conversation(conversation.id).value;
        const ConversationRecord before = after;
        after.reasoningEffort = effort;
        const ConversationChange change = ConversationChange::between(before, after);
        QVERIFY(!change.isEmpty());
        QVERIFY(change.reasoningEffort.has_value());
        VERIFY_OK(repository.updateConversation(change));
        QCOMPARE(repository.conversation(conversation.id).value.reasoningEffort, effort);
    }
    QVERIFY(ConversationChange::between(conversation, conversation).isEmpty());

    // saveConversation writes it whole, and listing reads it.
    conversation.reasoningEffort = ReasoningEffort::Medium;
    VERIFY_OK(repository.saveConversation(conversation));
    ConversationQuery all;
    all.limit = 10;
    const QList<ConversationRecord> listed = repository.listConversations(all).value;
    QCOMPARE(listed.size(), 1);
    QCOMPARE(listed.first().reasoningEffort, std::optional<ReasoningEffort>(ReasoningEffort::Medium));
    QCOMPARE(listed.first().messageCount, 0);
    // Only the names the settings use.
    QVERIFY(!exec(db, QStringLiteral("UPDATE conversations SET reasoning_effort = 'extreme'"), {}, &why));
}

void TestMessageParts::pagesReadTheirParts()
{
    OPEN_FRESH(db);
    ConversationRepository repository(db);
    const QString conversationId = addConversation(repository, 1000);
    // A chain of replies, each with its own thinking, and two alternatives at the end.
    QString parent;
    QList<MessageRecord> chain;
    for (int i = 0; i < 5; ++i) {
        MessageRecord message = replyIn(conversationId, parent, 2000 + i);
        message.parts = {MessagePart::reasoningPart(QStringLiteral("thought %1").arg(i), i * 100),
                         MessagePart::textPart(QStringLiteral("answer %1").arg(i))};
        VERIFY_OK(repository.saveMessage(message));
        chain.append(message);
        parent = message.id;
    }
    MessageRecord other = replyIn(conversationId, chain.at(3).id, 3000);
    other.content = QStringLiteral("another answer");
    VERIFY_OK(repository.saveMessage(other, false));

    const StorageResult<QList<MessageRecord>> page = repository.branch(conversationId, {}, 3);
    QVERIFY2(page.ok(), qPrintable(describe(page.error)));
    QCOMPARE(page.value.size(), 3);
    for (const MessageRecord &message : page.value) {
        const int i = message.content.mid(7).toInt();
        QCOMPARE(message.parts, chain.at(i).parts);
    }
    const QList<MessageRecord> whole = repository.fullBranch(conversationId).value;
    QCOMPARE(whole.size(), 5);
    for (qsizetype i = 0; i < whole.size(); ++i)
        QCOMPARE(whole.at(i).parts, chain.at(i).parts);
    const QList<MessageRecord> siblings = repository.siblings(other.id).value;
    QCOMPARE(siblings.size(), 2);
    QCOMPARE(siblings.at(0).parts, chain.at(4).parts);
    QCOMPARE(siblings.at(1).parts,
             QList<MessagePart>{MessagePart::textPart(QStringLiteral("another answer"))});
}

QTEST_GUILESS_MAIN(TestMessageParts)
