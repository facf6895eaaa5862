// SPDX-License-Identifier: GPL-3.0-or-later
// The size limit of a streamed reply (ProviderConfig::maxReplyBytes): text and refusal count
// in UTF-8 bytes together, a reply past it ends as TooLarge with the text up to it kept, and a
// character is never cut in half.
#include "chatstream.h"
#include "openaiprovider.h"
#include "providerconfig.h"
#include "scriptedresponse.h"
#include "scriptedserver.h"
#include "ssebodybuilder.h"
#include "streamrecorder.h"

#include <QNetworkAccessManager>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

class TestReplySizeLimit : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<ScriptedServer> m_server;
    std::unique_ptr<QNetworkAccessManager> m_network;
    std::unique_ptr<OpenAiProvider> m_provider;
    std::unique_ptr<ChatStream> m_stream;
    std::unique_ptr<StreamRecorder> m_recorder;

    ChatStream *stream(const QByteArray &body, qint64 limit)
    {
        m_server->enqueue(ScriptedResponse::eventStream(body));
        ProviderConfig config;
        config.baseUrl = m_server->baseUrl();
        config.apiKey = u"sk-test-0123456789"_s;
        config.idleTimeout = 15s;
        config.maxReplyBytes = limit;
        m_provider = std::make_unique<OpenAiProvider>(m_network.get(), config);
        ChatRequest request;
        request.model = u"gpt-test"_s;
        request.messages = {{ChatMessage::Role::User, u"Say a lot"_s}};
        m_stream.reset(m_provider->streamChat(request));
        m_recorder = std::make_unique<StreamRecorder>(m_stream.get());
        if (!QTest::qWaitFor([this] { return m_recorder->isDone(); }, 20000))
            qWarning("the stream did not end");
        return m_stream.get();
    }

private Q_SLOTS:
    void init()
    {
        m_server = std::make_unique<ScriptedServer>();
        QVERIFY(m_server->listen());
        m_network = std::make_unique<QNetworkAccessManager>();
    }

    void cleanup()
    {
        if (m_recorder)
            QVERIFY2(m_recorder->violations().isEmpty(), qPrintable(m_recorder->violations().join(u"; "_s)));
        m_recorder.reset();
        m_stream.reset();
        m_provider.reset();
        m_network.reset();
        m_server.reset();
    }

    void replyUpToTheLimitCompletes()
    {
        ChatStream *s = stream(SseBodyBuilder().reply({u"Hello"_s, u"World"_s}).bytes(), 10);
        QCOMPARE(s->state(), ChatStream::State::Completed);
        QCOMPARE(s->text(), u"HelloWorld"_s);
    }

    void replyPastTheLimitKeepsTheTextUpToIt()
    {
        ChatStream *s = stream(SseBodyBuilder().reply({u"Hello"_s, u"World!"_s, u"More"_s}).bytes(), 10);
        QCOMPARE(s->state(), ChatStream::State::Failed);
        QCOMPARE(s->text(), u"HelloWorld"_s);
        QCOMPARE(m_recorder->contentDeltas, QStringList({u"Hello"_s, u"World"_s}));
        QVERIFY(s->error());
        QCOMPARE(s->error()->kind, ProviderError::Kind::TooLarge);
        QCOMPARE(s->error()->receivedCharacters, 10);
        QVERIFY2(s->error()->message().contains(u"size limit of 10 bytes"_s),
                 qPrintable(s->error()->message()));
        QCOMPARE(m_server->requestCount(), 1); // never sent again
    }

    void limitCountsUtf8BytesAndKeepsCharactersWhole()
    {
        // "é" is 2 bytes, "😀" 4 (one surrogate pair): 2 + 2 + 4 = 8 of 9, then the next pair
        // does not fit and is not cut.
        ChatStream *s = stream(SseBodyBuilder().reply({u"éé"_s, u"😀😀"_s}).bytes(), 9);
        QCOMPARE(s->state(), ChatStream::State::Failed);
        QCOMPARE(s->text(), u"éé😀"_s);
        QCOMPARE(s->error()->kind, ProviderError::Kind::TooLarge);
    }

    void refusalCountsToo()
    {
        ChatStream *s = stream(
            SseBodyBuilder().role().refusal(u"I cannot"_s).refusal(u" help with that."_s).done().bytes(), 12);
        QCOMPARE(s->state(), ChatStream::State::Failed);
        QCOMPARE(s->refusal(), u"I cannot hel"_s);
        QCOMPARE(s->error()->kind, ProviderError::Kind::TooLarge);
    }
};

QTEST_GUILESS_MAIN(TestReplySizeLimit)
#include "tst_replysizelimit.moc"
