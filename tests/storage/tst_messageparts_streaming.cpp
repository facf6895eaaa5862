// SPDX-License-Identifier: GPL-3.0-or-later
// Parts written while a reply streams: each append one committed write, the thinking kept when
// the writer dies.
#include "tst_messageparts.h"

#include "conversationstore.h"
#include "futurewait.h"
#include "searchrepository.h"
#include "writerregistry.h"

#include <QProcess>
#include <QSignalSpy>
#include <QSysInfo>

using namespace std::chrono_literals;

namespace {

MessageRecord streamingReply(ConversationRepository &repository, const QString &writerId)
{
    MessageRecord message = replyIn(addConversation(repository, 1000), {}, 2000);
    message.status = Status::Streaming;
    message.writerId = writerId;
    const StorageError error = repository.saveMessage(message);
    if (error.isError())
        qWarning() << describe(error);
    return message;
}

} // namespace

void TestMessageParts::thinkingThenAnswerStream()
{
    OPEN_FRESH(db);
    ConversationRepository repository(db);
    MessageRecord message = streamingReply(repository, newId());
    QVERIFY(repository.message(message.id).value.parts.isEmpty());

    // Thinking at 0, then the answer at 1; each append moves updated_at on by one.
    const QList<std::tuple<int, Type, QString>> appends{
        {0, Type::Reasoning, QStringLiteral("The user")},
        {0, Type::Reasoning, QStringLiteral(" asks 🎉")},
        {1, Type::Text, QStringLiteral("Hello")},
        {1, Type::Text, QStringLiteral(", world")},
    };
    qint64 clock = 2000;
    for (const auto &[position, type, tail] : appends) {
        VERIFY_OK(repository.appendStreamingPart(message.id, position, type, tail, at(clock), at(clock + 1)));
        // A retry of a write that had in fact committed adds nothing twice.
        VERIFY_OK(repository.appendStreamingPart(message.id, position, type, tail, at(clock), at(clock + 1)));
        ++clock;
        if (clock == 2002) {
            // During the thinking: no answer yet, and no content.
            const MessageRecord read = repository.message(message.id).value;
            QCOMPARE(read.parts,
                     QList<MessagePart>{MessagePart::reasoningPart(QStringLiteral("The user asks 🎉"))});
            QCOMPARE(read.content, QString());
        }
    }
    MessageRecord read = repository.message(message.id).value;
    QCOMPARE(read.parts, (QList<MessagePart>{MessagePart::reasoningPart(QStringLiteral("The user asks 🎉")),
                                             MessagePart::textPart(QStringLiteral("Hello, world"))}));
    QCOMPARE(read.content, QStringLiteral("Hello, world"));
    QCOMPARE(read.updatedAt, at(clock));
    QCOMPARE(read.status, Status::Streaming);

    // A second text part is joined to the first by a blank line, as joinedText does.
    VERIFY_OK(repository.appendStreamingPart(message.id, 2, Type::Text, QStringLiteral("P.S."), at(clock),
                                             at(clock + 1)));
    ++clock;
    read = repository.message(message.id).value;
    QCOMPARE(read.content, QStringLiteral("Hello, world\n\nP.S."));
    QCOMPARE(read.content, MessageParts::joinedText(read.parts));

    // The end: saved whole with the thinking's duration; then nothing more is appended.
    read.parts[0].durationMs = 5120;
    read.status = Status::Complete;
    read.writerId.clear();
    read.updatedAt = at(++clock);
    VERIFY_OK(repository.saveMessage(read));
    VERIFY_OK(repository.appendStreamingPart(message.id, 0, Type::Reasoning, QStringLiteral(" late"),
                                             at(clock), at(clock + 1)));
    const MessageRecord ended = repository.message(message.id).value;
    QCOMPARE(ended.parts, read.parts);
    QCOMPARE(ended.parts.at(0).durationMs, std::optional<qint64>(5120));
    QCOMPARE(ended.status, Status::Complete);
    QCOMPARE(
        repository.appendStreamingPart(message.id, -1, Type::Text, QStringLiteral("x"), at(clock), at(clock))
            .kind,
        StorageError::Kind::Invalid);
}

void TestMessageParts::appendStreamingTextFollowsParts()
{
    OPEN_FRESH(db);
    ConversationRepository repository(db);
    MessageRecord message = streamingReply(repository, newId());
    // The text's append with no parts yet makes the text part; after thinking, it follows it.
    VERIFY_OK(repository.appendStreamingPart(message.id, 0, Type::Reasoning, QStringLiteral("think"),
                                             at(2000), at(2001)));
    VERIFY_OK(repository.appendStreamingText(message.id, QStringLiteral("Ans"), at(2001), at(2002)));
    VERIFY_OK(repository.appendStreamingText(message.id, QStringLiteral("wer"), at(2002), at(2003)));
    VERIFY_OK(
        repository.appendStreamingText(message.id, QStringLiteral("wer"), at(2002), at(2003))); // retried
    const MessageRecord read = repository.message(message.id).value;
    QCOMPARE(read.parts, (QList<MessagePart>{MessagePart::reasoningPart(QStringLiteral("think")),
                                             MessagePart::textPart(QStringLiteral("Answer"))}));
    QCOMPARE(read.content, QStringLiteral("Answer"));

    // A message saved with its content only streams on in that one text part.
    MessageRecord plain = streamingReply(repository, newId());
    plain.content = QStringLiteral("Once");
    VERIFY_OK(repository.saveMessage(plain));
    VERIFY_OK(repository.appendStreamingText(plain.id, QStringLiteral(" upon"), at(2000), at(2001)));
    QCOMPARE(repository.message(plain.id).value.parts,
             QList<MessagePart>{MessagePart::textPart(QStringLiteral("Once upon"))});
}

// What `kill -9` during the thinking leaves: a streaming message whose writer is gone, with a
// reasoning part and no answer. The next Confab marks it interrupted and keeps the thinking,
// which search then finds.
void TestMessageParts::killedDuringThinkingKeepsIt()
{
    OPEN_FRESH(db);
    ConversationRepository repository(db);
    WriterRegistry registry(db);
    // A surely dead pid on this host: a child that ran and was reaped.
    QProcess finished;
    finished.start(QStringLiteral("true"), {});
    QVERIFY(finished.waitForStarted());
    const qint64 deadPid = finished.processId();
    QVERIFY(finished.waitForFinished());
    const QString killed = newId();
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    QVERIFY2(exec(db,
                  QStringLiteral("INSERT INTO instances (id, hostname, pid, started_at, heartbeat_at)"
                                 " VALUES (?, ?, ?, ?, ?)"),
                  {killed, QSysInfo::machineHostName(), deadPid, now, now}, &why),
             qPrintable(why));

    MessageRecord message = streamingReply(repository, killed);
    VERIFY_OK(repository.appendStreamingPart(message.id, 0, Type::Reasoning,
                                             QStringLiteral("Considering zebras"), at(2000), at(2001)));
    // While it streams, the thinking is not searched (it is indexed once, when it ends).
    SearchRepository search(db);
    QCOMPARE(search.search(QStringLiteral("zebras")).value.size(), 0);

    const StorageResult<int> recovered = registry.recoverOrphans(60s);
    QVERIFY2(recovered.ok(), qPrintable(describe(recovered.error)));
    QCOMPARE(recovered.value, 1);
    const MessageRecord read = repository.message(message.id).value;
    QCOMPARE(read.status, Status::Interrupted);
    QCOMPARE(read.parts,
             QList<MessagePart>{MessagePart::reasoningPart(QStringLiteral("Considering zebras"))});
    QCOMPARE(read.content, QString());

    const QList<SearchHit> hits = search.search(QStringLiteral("zebra")).value;
    QCOMPARE(hits.size(), 1);
    QCOMPARE(hits.first().messageId, message.id);
    QVERIFY(hits.first().inReasoning);
    QVERIFY2(hits.first().snippet.contains(QStringLiteral("\x02zebras\x03")),
             qPrintable(hits.first().snippet));
}

// Through the asynchronous store; on PostgreSQL another Confab hears of the thinking's appends.
void TestMessageParts::storeAppendsParts()
{
    QFETCH(QString, backend);
    QString why;
    const std::optional<DatabaseConfig> config = TestDatabases::fresh(backend, m_dir.path(), &why);
    QVERIFY2(config, qPrintable(why));
    ConversationStore store(*config);
    QTRY_COMPARE_WITH_TIMEOUT(store.status(), ConversationStore::Status::Ready, 30000);
    std::unique_ptr<ConversationStore> listener;
    if (backend == u"postgres") {
        listener = std::make_unique<ConversationStore>(*config);
        QTRY_COMPARE_WITH_TIMEOUT(listener->status(), ConversationStore::Status::Ready, 30000);
    }

    ConversationRecord conversation;
    conversation.id = newId();
    conversation.createdAt = at(1000);
    MessageRecord message = replyIn(conversation.id, {}, 2000);
    message.status = Status::Streaming;
    std::optional<QSignalSpy> heard;
    if (listener)
        heard.emplace(listener.get(), &ConversationStore::messagesChanged);
    const auto heardOf = [&] {
        for (const QList<QVariant> &args : std::as_const(*heard)) {
            if (args.at(1).toStringList().contains(message.id))
                return true;
        }
        return false;
    };
    QVERIFY(saved(store.createConversation(conversation), this));
    QVERIFY(saved(store.saveMessage(message), this));
    if (heard) {
        QTRY_VERIFY_WITH_TIMEOUT(heardOf(), 10000);
        heard->clear();
    }
    QVERIFY(saved(
        store.appendStreamingPart(message.id, 0, Type::Reasoning, QStringLiteral("mull"), at(2000), at(2001)),
        this));
    if (heard)
        QTRY_VERIFY_WITH_TIMEOUT(heardOf(), 10000);
    QVERIFY(saved(
        store.appendStreamingPart(message.id, 1, Type::Text, QStringLiteral("said"), at(2001), at(2002)),
        this));
    const auto branch = take(store.branch(conversation.id, {}, 10), this);
    QVERIFY(branch && branch->ok());
    QCOMPARE(branch->value.size(), 1);
    QCOMPARE(branch->value.first().parts,
             (QList<MessagePart>{MessagePart::reasoningPart(QStringLiteral("mull")),
                                 MessagePart::textPart(QStringLiteral("said"))}));
    QCOMPARE(branch->value.first().content, QStringLiteral("said"));
}
