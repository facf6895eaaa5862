// SPDX-License-Identifier: GPL-3.0-or-later
// Titles asked of the real OpenAI client against the scripted server, and what is kept of the
// model's answer.
#include "conversationtitler.h"
#include "openaiprovider.h"
#include "scriptedresponse.h"
#include "scriptedserver.h"
#include "ssebodybuilder.h"

#include <QJsonArray>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {
constexpr int timeout = 30000;
}

class TestConversationTitler : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void clean_data()
    {
        QTest::addColumn<QString>("answer");
        QTest::addColumn<QString>("title");
        QTest::newRow("plain") << u"Rust lifetimes explained"_s << u"Rust lifetimes explained"_s;
        QTest::newRow("quoted") << u"\"Rust lifetimes explained\""_s << u"Rust lifetimes explained"_s;
        QTest::newRow("curly quotes, full stop") << u"“Baking sourdough bread.”"_s << u"Baking sourdough bread"_s;
        QTest::newRow("label") << u"Title: Monads in Haskell"_s << u"Monads in Haskell"_s;
        QTest::newRow("bold label") << u"**Title:** Monads in Haskell"_s << u"Monads in Haskell"_s;
        QTest::newRow("heading") << u"# Trip to Kyoto"_s << u"Trip to Kyoto"_s;
        QTest::newRow("leading blank lines, second line dropped")
            << u"\n\n  Tax questions  \nHope this helps!"_s << u"Tax questions"_s;
        QTest::newRow("ellipsis kept") << u"Wait for it..."_s << u"Wait for it..."_s;
        QTest::newRow("thinking first") << u"<think>The user asks about cats.</think>\nCat care basics"_s
                                        << u"Cat care basics"_s;
        QTest::newRow("cjk full stop") << u"京都旅行の計画。"_s << u"京都旅行の計画"_s;
        QTest::newRow("nothing") << u"  \n \"\" "_s << QString();
        QTest::newRow("too long")
            << u"A very long title that goes on and on about many different things and never stops"_s
            << u"A very long title that goes on and on about many different…"_s;
    }
    void clean()
    {
        QFETCH(QString, answer);
        QFETCH(QString, title);
        QCOMPARE(ConversationTitler::clean(answer), title);
    }

    void asksASmallRequestAndReportsTheTitle()
    {
        ScriptedServer server;
        QVERIFY(server.listen());
        QNetworkAccessManager network;
        ProviderConfig config;
        config.baseUrl = server.baseUrl();
        config.apiKey = u"sk-test"_s;
        OpenAiProvider provider(&network, config);
        ConversationTitler titler(&provider);
        QSignalSpy ready(&titler, &ConversationTitler::titleReady);
        QSignalSpy failed(&titler, &ConversationTitler::titleFailed);

        server.enqueue(ScriptedResponse::eventStream(
            SseBodyBuilder().reply({u"\"Sour"_s, u"dough starter"_s, u" care.\""_s}).bytes()));
        const QString longReply = QString(5000, u'x');
        titler.generate(u"c1"_s, u"How do I feed my sourdough starter?"_s, longReply, u"gpt-big"_s);
        QVERIFY(titler.isGenerating(u"c1"_s));
        QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 1, timeout);
        QCOMPARE(ready.at(0).at(0).toString(), u"c1"_s);
        QCOMPARE(ready.at(0).at(1).toString(), u"Sourdough starter care"_s);
        QCOMPARE(failed.count(), 0);
        QVERIFY(!titler.isGenerating(u"c1"_s));

        // Cheap: the conversation's model (none configured), a few tokens, an excerpt of the reply.
        const QJsonObject body = server.lastRequest().json();
        QCOMPARE(body.value(u"model").toString(), u"gpt-big"_s);
        QCOMPARE(body.value(u"max_tokens").toInt(), 24);
        const QJsonArray messages = body.value(u"messages").toArray();
        QCOMPARE(messages.size(), 2);
        QCOMPARE(messages.at(0)[u"role"].toString(), u"system"_s);
        const QString asked = messages.at(1)[u"content"].toString();
        QVERIFY(asked.contains(u"How do I feed my sourdough starter?"_s));
        QVERIFY(asked.size() < 2 * ConversationTitler::maxExcerptLength + 100);

        // A configured title model is used instead.
        titler.setModel(u" gpt-small "_s);
        server.enqueue(ScriptedResponse::eventStream(SseBodyBuilder().reply({u"Bread"_s}).bytes()));
        titler.generate(u"c2"_s, u"Bread?"_s, u"Yes."_s, u"gpt-big"_s);
        QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 2, timeout);
        QCOMPARE(server.lastRequest().json().value(u"model").toString(), u"gpt-small"_s);
    }

    void failuresAreReported()
    {
        ScriptedServer server;
        QVERIFY(server.listen());
        QNetworkAccessManager network;
        ProviderConfig config;
        config.baseUrl = server.baseUrl();
        config.retry.maxRetries = 0;
        OpenAiProvider provider(&network, config);
        ConversationTitler titler(&provider);
        QSignalSpy ready(&titler, &ConversationTitler::titleReady);
        QSignalSpy failed(&titler, &ConversationTitler::titleFailed);

        server.enqueue(ScriptedResponse::openAiError(404, u"The model `nope` does not exist"_s));
        titler.generate(u"c1"_s, u"Q"_s, u"A"_s, u"nope"_s);
        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, timeout);
        QCOMPARE(failed.at(0).at(0).toString(), u"c1"_s);
        QVERIFY(!failed.at(0).at(1).toString().isEmpty());

        // An empty answer is no title either.
        server.enqueue(ScriptedResponse::eventStream(SseBodyBuilder().reply({u"  "_s}).bytes()));
        titler.generate(u"c2"_s, u"Q"_s, u"A"_s, u"m"_s);
        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 2, timeout);

        // No model at all: said at once, nothing sent.
        const qsizetype sent = server.requestCount();
        titler.generate(u"c3"_s, u"Q"_s, u"A"_s, QString());
        QCOMPARE(failed.count(), 3);
        QCOMPARE(server.requestCount(), sent);
        QCOMPARE(ready.count(), 0);
    }

    void destroyedWhileAskingCancels()
    {
        ScriptedServer server;
        QVERIFY(server.listen());
        QNetworkAccessManager network;
        ProviderConfig config;
        config.baseUrl = server.baseUrl();
        OpenAiProvider provider(&network, config);
        server.enqueue(ScriptedResponse::silence());
        auto titler = std::make_unique<ConversationTitler>(&provider);
        titler->generate(u"c1"_s, u"Q"_s, u"A"_s, u"m"_s);
        QTRY_COMPARE_WITH_TIMEOUT(server.requestCount(), 1, timeout);
        titler.reset(); // must not crash or leak (the asan run checks)
        QTest::qWait(50);
    }
};

QTEST_GUILESS_MAIN(TestConversationTitler)
#include "tst_conversationtitler.moc"
