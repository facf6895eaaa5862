// SPDX-License-Identifier: GPL-3.0-or-later
// An older history becomes parts (schema 8), search covers the thinking, and a salvage of a
// damaged file keeps the parts.
#include "tst_messageparts.h"

#include "migrations.h"
#include "searchrepository.h"
#include "sqlitesalvage.h"

namespace {

// A conversation of a question and its answer, written as a version 7 Confab did; the ids.
QStringList addVersion7Conversation(Database &db, const QString &question, const QString &answer,
                                    QString *why)
{
    const QString conversation = newId();
    const QString first = newId();
    const QString second = newId();
    const qint64 now = 1700000000000;
    if (!exec(db,
              QStringLiteral("INSERT INTO conversations (id, title, created_at, updated_at, current_leaf_id)"
                             " VALUES (?, 'Old', ?, ?, ?)"),
              {conversation, now, now, second}, why))
        return {};
    const QString sql =
        QStringLiteral("INSERT INTO messages (id, conversation_id, parent_id, role, content, status,"
                       " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    if (!exec(db, sql,
              {first, conversation, QVariant(), QStringLiteral("user"), question, QStringLiteral("complete"),
               now, now},
              why) ||
        !exec(db, sql,
              {second, conversation, first, QStringLiteral("assistant"), answer,
               QStringLiteral("interrupted"), now + 1, now + 1},
              why))
        return {};
    return {conversation, first, second};
}

QStringList messageIdsOf(const QList<SearchHit> &hits)
{
    QStringList ids;
    for (const SearchHit &hit : hits)
        ids.append(hit.messageId);
    return ids;
}

} // namespace

void TestMessageParts::upgradeFromVersion7()
{
    QFETCH(QString, backend);
    QString why;
    const std::optional<DatabaseConfig> config = TestDatabases::fresh(backend, m_dir.path(), &why);
    QVERIFY2(config, qPrintable(why));
    QStringList kept;
    QStringList empty;
    {
        Database old(*config);
        VERIFY_OK(old.openConnection());
        VERIFY_OK(Migrations::migrate(old, 7));
        kept = addVersion7Conversation(old, QStringLiteral("Where do kiwis nest?"),
                                       QStringLiteral("In burrows, line 1\nline 2 \u00e9t\u00e9"), &why);
        QVERIFY2(!kept.isEmpty(), qPrintable(why));
        empty = addVersion7Conversation(old, QStringLiteral("Anyone?"), QStringLiteral(""), &why);
        QVERIFY2(!empty.isEmpty(), qPrintable(why));
    }

    Database db(*config);
    VERIFY_OK(db.open());
    QCOMPARE(Migrations::currentVersion(db, nullptr), 8);
    ConversationRepository repository(db);
    const QList<MessageRecord> branch = repository.fullBranch(kept.at(0)).value;
    QCOMPARE(branch.size(), 2);
    // The content as it was, and the same text as the one text part.
    QCOMPARE(branch.at(0).content, QStringLiteral("Where do kiwis nest?"));
    QCOMPARE(branch.at(1).content, QStringLiteral("In burrows, line 1\nline 2 \u00e9t\u00e9"));
    for (const MessageRecord &message : branch) {
        QCOMPARE(message.parts, QList<MessagePart>{MessagePart::textPart(message.content)});
        QVERIFY(!message.reasoningTokens && !message.firstTokenMs && !message.tokensPerSecond);
    }
    QCOMPARE(branch.at(1).status, Status::Interrupted);
    QCOMPARE(scalar(db, QStringLiteral("SELECT count(*) FROM message_parts")), 3); // no part for no text
    QCOMPARE(scalar(db, QStringLiteral(
                            "SELECT count(*) FROM message_parts p JOIN messages m ON m.id = p.message_id"
                            " WHERE p.position = 0 AND p.type = 'text' AND p.text = m.content")),
             3);
    QVERIFY(repository.fullBranch(empty.at(0)).value.at(1).parts.isEmpty());
    QVERIFY(!repository.conversation(kept.at(0)).value.reasoningEffort);

    // Search still finds the old text, as the answer; and the new thinking.
    SearchRepository search(db);
    QList<SearchHit> hits = search.search(QStringLiteral("burrows")).value;
    QCOMPARE(messageIdsOf(hits), QStringList{kept.at(2)});
    QVERIFY(!hits.first().inReasoning);
    MessageRecord later = replyIn(kept.at(0), kept.at(2), 1700000000100);
    later.parts = {MessagePart::reasoningPart(QStringLiteral("recall the burrows")),
                   MessagePart::textPart(QStringLiteral("As said."))};
    VERIFY_OK(repository.saveMessage(later));
    hits = search.search(QStringLiteral("burrows")).value;
    QCOMPARE(hits.size(), 2);
    for (const SearchHit &hit : hits)
        QCOMPARE(hit.inReasoning, hit.messageId == later.id);
}

void TestMessageParts::searchFindsTheThinking()
{
    OPEN_FRESH(db);
    ConversationRepository repository(db);
    SearchRepository search(db);
    const QString conversationId = addConversation(repository, 1000);
    MessageRecord thought = replyIn(conversationId, {}, 2000);
    thought.parts = {
        MessagePart::reasoningPart(QStringLiteral("First I ponder the quokkas and their habitat.")),
        MessagePart::reasoningPart(QStringLiteral("Then the rain.")),
        MessagePart::textPart(QStringLiteral("They live in Australia."))};
    VERIFY_OK(repository.saveMessage(thought));
    MessageRecord both = replyIn(conversationId, thought.id, 3000);
    both.parts = {MessagePart::reasoningPart(QStringLiteral("quokka again")),
                  MessagePart::textPart(QStringLiteral("Quokkas are small marsupials."))};
    VERIFY_OK(repository.saveMessage(both));

    // In the thinking: says so, and the snippet is from the thinking.
    QList<SearchHit> hits = search.search(QStringLiteral("quokka")).value;
    QVERIFY2(hits.size() == 2, qPrintable(QString::number(hits.size())));
    for (const SearchHit &hit : hits) {
        if (hit.messageId == thought.id) {
            QVERIFY(hit.inReasoning);
            QVERIFY2(hit.snippet.contains(QStringLiteral("\x02quokkas\x03")), qPrintable(hit.snippet));
            QVERIFY2(hit.snippet.contains(QStringLiteral("habitat")), qPrintable(hit.snippet));
        } else {
            // Found in both: the answer's hit.
            QCOMPARE(hit.messageId, both.id);
            QVERIFY(!hit.inReasoning);
            QVERIFY2(hit.snippet.contains(QStringLiteral("marsupials")), qPrintable(hit.snippet));
        }
    }
    // Words from two reasoning parts of one message: found in the thinking joined.
    hits = search.search(QStringLiteral("habitat rain")).value;
    QCOMPARE(messageIdsOf(hits), QStringList{thought.id});
    QVERIFY(hits.first().inReasoning);
    hits = search.search(QStringLiteral("australia")).value;
    QCOMPARE(messageIdsOf(hits), QStringList{thought.id});
    QVERIFY(!hits.first().inReasoning);

    // The index follows the thinking's edits, and its message's deletion.
    thought.parts[0].text = QStringLiteral("Now about wombats.");
    VERIFY_OK(repository.saveMessage(thought));
    QCOMPARE(messageIdsOf(search.search(QStringLiteral("quokka")).value), QStringList{both.id});
    hits = search.search(QStringLiteral("wombat")).value;
    QCOMPARE(messageIdsOf(hits), QStringList{thought.id});
    QVERIFY(hits.first().inReasoning);
    VERIFY_OK(repository.deleteConversation(conversationId));
    QCOMPARE(search.search(QStringLiteral("wombat")).value.size(), 0);
    QCOMPARE(search.search(QStringLiteral("quokka")).value.size(), 0);
}

void TestMessageParts::salvageCopiesParts()
{
    const QString source = m_dir.filePath(QStringLiteral("salvage-source.sqlite"));
    const QString older = m_dir.filePath(QStringLiteral("salvage-v7.sqlite"));
    QString why;
    MessageRecord message;
    QStringList oldIds;
    {
        Database db(*DatabaseConfig::parse(source, &why));
        VERIFY_OK(db.open());
        ConversationRepository repository(db);
        message = replyIn(addConversation(repository, 1000), {}, 2000);
        message.parts = everyKindOfPart();
        VERIFY_OK(repository.saveMessage(message));
        Database v7(*DatabaseConfig::parse(older, &why));
        VERIFY_OK(v7.openConnection());
        VERIFY_OK(Migrations::migrate(v7, 7));
        oldIds =
            addVersion7Conversation(v7, QStringLiteral("old question"), QStringLiteral("old answer"), &why);
        QVERIFY2(!oldIds.isEmpty(), qPrintable(why));
    }

    Database db(*DatabaseConfig::parse(m_dir.filePath(QStringLiteral("salvaged.sqlite")), &why));
    VERIFY_OK(db.open());
    const SqliteSalvage::Result copied = SqliteSalvage::copy(db, source);
    QCOMPARE(copied.messages, 1);
    ConversationRepository repository(db);
    const MessageRecord read = repository.message(message.id).value;
    QCOMPARE(read.parts, message.parts);
    QCOMPARE(read.content, MessageParts::joinedText(message.parts));
    // Its thinking is searchable in the new file.
    const QList<SearchHit> hits = SearchRepository(db).search(QStringLiteral("think")).value;
    QCOMPARE(messageIdsOf(hits), QStringList{message.id});
    QVERIFY(hits.first().inReasoning);

    // A file from before parts: each message becomes its content as one text part.
    QCOMPARE(SqliteSalvage::copy(db, older).messages, 2);
    QCOMPARE(repository.message(oldIds.at(2)).value.parts,
             QList<MessagePart>{MessagePart::textPart(QStringLiteral("old answer"))});
    QCOMPARE(
        scalar(db, QStringLiteral("SELECT count(*) FROM message_parts WHERE message_id = ?"), {oldIds.at(1)}),
        1);
}
