// SPDX-License-Identifier: GPL-3.0-or-later
// A streamed reply saved as it arrives: the real OpenAI client against the scripted server,
// the real store on both backends, and the database watched from a connection of the test's.
#include "chatstream.h"
#include "conversationstore.h"
#include "httpchatprovider.h"
#include "openaidialect.h"
#include "providerconfig.h"
#include "replypersister.h"
#include "scriptedchatrig.h"
#include "scriptedprovider.h"
#include "scriptedresponse.h"
#include "scriptedserver.h"
#include "ssebodybuilder.h"
#include "streamingreply.h"
#include "testdatabases.h"

#include <QElapsedTimer>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QUuid>

#include <memory>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

namespace {

constexpr int timeout = 30000;
constexpr QByteArrayView chatPath = "/v1/chat/completions";

QString newId()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

// The message's row as a connection of the test's own sees it, sampled as it changes.
struct Sample
{
    qint64 at = 0; // ms since the stream started
    QString status;
    QString content;
    QString writer;
};

class RowWatcher : public QObject
{
public:
    RowWatcher(const DatabaseConfig &config, const QString &messageId)
        : m_messageId(messageId)
    {
        m_name = u"watcher-"_s + newId();
        QSqlDatabase db =
            TestDatabases::connection(config, m_name, u"QSQLITE_OPEN_READONLY;QSQLITE_BUSY_TIMEOUT=1000"_s);
        if (!db.open())
            qWarning() << "watcher cannot open:" << db.lastError().text();
        m_clock.start();
        m_timer.setInterval(10);
        connect(&m_timer, &QTimer::timeout, this, &RowWatcher::sample);
        m_timer.start();
    }
    ~RowWatcher() override
    {
        m_timer.stop();
        QSqlDatabase::database(m_name, false).close();
        QSqlDatabase::removeDatabase(m_name);
    }

    void sample()
    {
        QSqlQuery query(QSqlDatabase::database(m_name, false));
        query.prepare(u"SELECT status, content, writer_id FROM messages WHERE id = ?"_s);
        query.addBindValue(m_messageId);
        if (!query.exec() || !query.next())
            return;
        Sample now{m_clock.elapsed(), query.value(0).toString(), query.value(1).toString(),
                   query.value(2).toString()};
        if (m_samples.isEmpty() || m_samples.last().status != now.status ||
            m_samples.last().content != now.content)
            m_samples.append(now);
    }

    const QList<Sample> &samples() const { return m_samples; }

private:
    QString m_name;
    QString m_messageId;
    QElapsedTimer m_clock;
    QTimer m_timer;
    QList<Sample> m_samples;
};

} // namespace

class TestReplyPersister : public QObject, protected ScriptedChatRig
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void savesPartialTextThenTheFinalReply_data() { TestDatabases::addBackendRows(); }
    void savesPartialTextThenTheFinalReply();
    void cancelledIsStopped_data() { TestDatabases::addBackendRows(); }
    void cancelledIsStopped();
    void droppedIsInterruptedWithTextKept_data() { TestDatabases::addBackendRows(); }
    void droppedIsInterruptedWithTextKept();
    void providerErrorIsError_data() { TestDatabases::addBackendRows(); }
    void providerErrorIsError();
    void searchFindsTheReplyOnceItEnds_data() { TestDatabases::addBackendRows(); }
    void searchFindsTheReplyOnceItEnds();

private:
    // A store on a fresh database of the row's backend, with a conversation and the user's
    // message in it; the assistant's reply goes under that message.
    bool setUp();
    ChatStream *startStream(const ScriptedResponse &response);
    MessageRecord assistantMessage() const;

    QList<SearchHit> searchFor(const QString &text);

    QString m_conversationId;
    QString m_userMessageId;
};

void TestReplyPersister::init()
{
    QVERIFY(startRig(std::nullopt));
    m_provider = scriptedOpenAi(*m_server, m_network.get());
}

void TestReplyPersister::cleanup()
{
    stopRig();
}

bool TestReplyPersister::setUp()
{
    QFETCH(QString, backend);
    if (!openStore(backend))
        return false;

    ConversationRecord conversation;
    conversation.id = m_conversationId = newId();
    conversation.title = u"Streaming"_s;
    conversation.createdAt = conversation.updatedAt = QDateTime::currentDateTimeUtc();
    m_store->saveConversation(conversation);
    MessageRecord user;
    user.id = m_userMessageId = newId();
    user.conversationId = m_conversationId;
    user.role = MessageRecord::Role::User;
    user.content = u"Tell me a story"_s;
    user.createdAt = user.updatedAt = QDateTime::currentDateTimeUtc();
    m_store->saveMessage(user);
    return true;
}

MessageRecord TestReplyPersister::assistantMessage() const
{
    MessageRecord message;
    message.id = newId();
    message.conversationId = m_conversationId;
    message.parentId = m_userMessageId;
    message.role = MessageRecord::Role::Assistant;
    message.model = u"gpt-test"_s;
    return message;
}

ChatStream *TestReplyPersister::startStream(const ScriptedResponse &response)
{
    m_server->enqueue("POST", chatPath.toByteArray(), response);
    ChatRequest request;
    request.model = u"gpt-test"_s;
    request.messages.append({ChatMessage::Role::User, u"Tell me a story"_s});
    return m_provider->streamChat(request);
}

void TestReplyPersister::savesPartialTextThenTheFinalReply()
{
    QVERIFY(setUp());

    // 16 words, 120 ms apart: about two seconds of streaming.
    QStringList words;
    for (int i = 0; i < 16; ++i)
        words.append(u"word%1 "_s.arg(i));
    ScriptedResponse response = ScriptedResponse::eventStream(SseBodyBuilder().role().bytes());
    for (const QString &word : std::as_const(words))
        response.delay(120ms).write(SseBodyBuilder().content(word).bytes());
    response.write(SseBodyBuilder().finish(u"stop"_s).usage(12, 16).done().bytes());

    std::unique_ptr<ChatStream> stream(startStream(response));
    const MessageRecord message = assistantMessage();
    const StreamingReply reply(stream.get());
    ReplyPersister persister(m_store.get(), stream.get(), reply.sources(), message);
    QSignalSpy finished(&persister, &ReplyPersister::finished);
    RowWatcher watcher(*m_config, message.id);

    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, timeout);
    QVERIFY(!finished.first().first().value<StorageError>().isError());
    watcher.sample();

    const QList<Sample> &samples = watcher.samples();
    QVERIFY(samples.size() >= 3);
    QCOMPARE(samples.first().status, u"streaming"_s);
    QCOMPARE(samples.last().status, u"complete"_s);
    QCOMPARE(samples.last().content, words.join(QString()));

    // While streaming the text grows, and is saved at most once per flush interval.
    QList<Sample> streaming;
    for (const Sample &sample : samples) {
        if (sample.status == u"streaming")
            streaming.append(sample);
    }
    QVERIFY2(streaming.size() >= 3, qPrintable(QString::number(streaming.size()))); // ~2 s of saves
    for (const Sample &sample : std::as_const(streaming))
        QCOMPARE(sample.writer, m_store->instanceId()); // crash recovery knows whose stream it is
    QVERIFY(samples.last().writer.isEmpty());
    for (qsizetype i = 1; i < streaming.size(); ++i) {
        QVERIFY(streaming.at(i).content.startsWith(streaming.at(i - 1).content));
        QVERIFY(streaming.at(i).content.size() > streaming.at(i - 1).content.size());
        if (i >= 2) { // the first save is the empty row, made at once
            // Less a little for a coarse timer and the 10 ms between samples.
            const qint64 gap = streaming.at(i).at - streaming.at(i - 1).at;
            QVERIFY2(gap >= ReplyPersister::flushInterval.count() * 4 / 5,
                     qPrintable(u"saves %1 ms apart"_s.arg(gap)));
        }
    }

    const auto branch = std::make_shared<std::optional<StorageResult<QList<MessageRecord>>>>();
    m_store->fullBranch(m_conversationId).then(this, [branch](const StorageResult<QList<MessageRecord>> &r) {
        *branch = r;
    });
    QTRY_VERIFY_WITH_TIMEOUT(branch->has_value(), timeout);
    QVERIFY((*branch)->ok());
    QCOMPARE((*branch)->value.size(), 2);
    const MessageRecord stored = (*branch)->value.last();
    QCOMPARE(stored.id, message.id);
    QCOMPARE(stored.status, MessageRecord::Status::Complete);
    QCOMPARE(stored.finishReason, u"stop"_s);
    QCOMPARE(stored.promptTokens, std::optional<qint64>(12));
    QCOMPARE(stored.completionTokens, std::optional<qint64>(16));
    QCOMPARE(stored.totalTokens, std::optional<qint64>(28));
    QVERIFY(!stored.model.isEmpty());
}

void TestReplyPersister::cancelledIsStopped()
{
    QVERIFY(setUp());
    ScriptedResponse response =
        ScriptedResponse::eventStream(SseBodyBuilder().role().content(u"Once upon"_s).bytes());
    response.stall();
    std::unique_ptr<ChatStream> stream(startStream(response));
    QSignalSpy deltas(stream.get(), &ChatStream::contentDelta);
    const MessageRecord message = assistantMessage();
    const StreamingReply reply(stream.get());
    ReplyPersister persister(m_store.get(), stream.get(), reply.sources(), message);
    QSignalSpy finished(&persister, &ReplyPersister::finished);
    QTRY_VERIFY_WITH_TIMEOUT(deltas.count() > 0, timeout);
    stream->cancel();
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, timeout);

    RowWatcher watcher(*m_config, message.id);
    watcher.sample();
    QVERIFY(!watcher.samples().isEmpty());
    QCOMPARE(watcher.samples().last().status, u"stopped"_s);
    QCOMPARE(watcher.samples().last().content, u"Once upon"_s);
}

void TestReplyPersister::droppedIsInterruptedWithTextKept()
{
    QVERIFY(setUp());
    ScriptedResponse response =
        ScriptedResponse::eventStream(SseBodyBuilder().role().content(u"Once upon "_s).bytes());
    response.delay(100ms).write(SseBodyBuilder().content(u"a time"_s).bytes()).delay(100ms).drop();
    std::unique_ptr<ChatStream> stream(startStream(response));
    const MessageRecord message = assistantMessage();
    const StreamingReply reply(stream.get());
    ReplyPersister persister(m_store.get(), stream.get(), reply.sources(), message);
    QSignalSpy finished(&persister, &ReplyPersister::finished);
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, timeout);
    QCOMPARE(stream->state(), ChatStream::State::Failed);

    RowWatcher watcher(*m_config, message.id);
    watcher.sample();
    QVERIFY(!watcher.samples().isEmpty());
    QCOMPARE(watcher.samples().last().status, u"interrupted"_s);
    QCOMPARE(watcher.samples().last().content, u"Once upon a time"_s);
}

void TestReplyPersister::providerErrorIsError()
{
    QVERIFY(setUp());
    ScriptedResponse response =
        ScriptedResponse::eventStream(SseBodyBuilder()
                                          .role()
                                          .content(u"Partly"_s)
                                          .error(u"The model is overloaded"_s, u"server_error"_s)
                                          .bytes());
    std::unique_ptr<ChatStream> stream(startStream(response));
    const MessageRecord message = assistantMessage();
    const StreamingReply reply(stream.get());
    ReplyPersister persister(m_store.get(), stream.get(), reply.sources(), message);
    QSignalSpy finished(&persister, &ReplyPersister::finished);
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, timeout);

    const auto branch = std::make_shared<std::optional<StorageResult<QList<MessageRecord>>>>();
    m_store->fullBranch(m_conversationId).then(this, [branch](const StorageResult<QList<MessageRecord>> &r) {
        *branch = r;
    });
    QTRY_VERIFY_WITH_TIMEOUT(branch->has_value(), timeout);
    QVERIFY((*branch)->ok());
    const MessageRecord stored = (*branch)->value.last();
    QCOMPARE(stored.status, MessageRecord::Status::Error);
    QCOMPARE(stored.content, u"Partly"_s);
    QVERIFY2(stored.errorText.contains(u"overloaded"_s), qPrintable(stored.errorText));
}

QList<SearchHit> TestReplyPersister::searchFor(const QString &text)
{
    const auto found = std::make_shared<std::optional<StorageResult<QList<SearchHit>>>>();
    m_store->search(text).then(this, [found](const StorageResult<QList<SearchHit>> &r) { *found = r; });
    if (!QTest::qWaitFor([&] { return found->has_value(); }, timeout) || !(*found)->ok()) {
        qWarning("the search failed");
        return {};
    }
    return (*found)->value;
}

// A reply is indexed for search once, when it ends, not at every save while it grows (that
// made saving a long reply quadratic): its words are found once it is complete.
void TestReplyPersister::searchFindsTheReplyOnceItEnds()
{
    QVERIFY(setUp());
    ScriptedResponse response =
        ScriptedResponse::eventStream(SseBodyBuilder().role().content(u"A quokka smiles"_s).bytes());
    response.hold().write(SseBodyBuilder().content(u" at the zebra."_s).finish().done().bytes());
    std::unique_ptr<ChatStream> stream(startStream(response));
    const MessageRecord message = assistantMessage();
    const StreamingReply reply(stream.get());
    ReplyPersister persister(m_store.get(), stream.get(), reply.sources(), message);
    QSignalSpy finished(&persister, &ReplyPersister::finished);
    RowWatcher watcher(*m_config, message.id);

    // Saved while it streams, but not indexed yet.
    QTRY_VERIFY_WITH_TIMEOUT(
        !watcher.samples().isEmpty() && watcher.samples().last().content == u"A quokka smiles"_s, timeout);
    QCOMPARE(watcher.samples().last().status, u"streaming"_s);
    QVERIFY(searchFor(u"quokka"_s).isEmpty());

    m_server->release();
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, timeout);
    for (const QString &word : {u"quokka"_s, u"zebra"_s}) {
        const QList<SearchHit> hits = searchFor(word);
        QCOMPARE(hits.size(), 1);
        QCOMPARE(hits.first().messageId, message.id);
    }
}

QTEST_GUILESS_MAIN(TestReplyPersister)
#include "tst_replypersister.moc"
