// SPDX-License-Identifier: GPL-3.0-or-later
// Where a key may go, for every provider kind, for chat and model-list requests: never over plain
// http to another machine, never along a redirect to another server. The real
// QNetworkAccessManager against scripted servers on loopback; "another machine" is reached
// through a scripted HTTP proxy, so that nothing ever leaves this machine and the proxy sees
// whatever would have been sent.
#include "chatprovider.h"
#include "chatstream.h"
#include "modellistreply.h"
#include "providerconfig.h"
#include "providerfactory.h"
#include "scriptedresponse.h"
#include "scriptedserver.h"
#include "streamrecorder.h"

#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QSignalSpy>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

Q_DECLARE_METATYPE(ProviderKind)

namespace {

constexpr int timeout = 20000;
const QString key = u"sk-keyrouting-0123456789"_s;

struct Outcome
{
    bool failed = false;
    ProviderError error;
};

void addKindRows()
{
    QTest::addColumn<ProviderKind>("kind");
    QTest::addColumn<bool>("models"); // a model-list request, else a chat request
    const QList<QPair<const char *, ProviderKind>> kinds = {{"openai", ProviderKind::OpenAi},
                                                            {"compatible", ProviderKind::OpenAiCompatible},
                                                            {"anthropic", ProviderKind::Anthropic},
                                                            {"gemini", ProviderKind::Gemini}};
    for (const auto &[name, kind] : kinds) {
        QTest::addRow("%s chat", name) << kind << false;
        QTest::addRow("%s models", name) << kind << true;
    }
}

// Sends one chat or model-list request and waits for its end.
Outcome run(QNetworkAccessManager *network, ProviderKind kind, const QUrl &baseUrl, bool models)
{
    ProviderConfig config;
    config.baseUrl = baseUrl;
    config.apiKey = key;
    config.retry.maxRetries = 0;
    config.idleTimeout = 15s;
    std::unique_ptr<ChatProvider> provider(createProvider(kind, network, config));
    Outcome outcome;
    if (models) {
        const std::unique_ptr<ModelListReply> reply(provider->listModels()); // the caller's to delete
        QSignalSpy finished(reply.get(), &ModelListReply::finished);
        QSignalSpy failed(reply.get(), &ModelListReply::failed);
        if (!QTest::qWaitFor([&] { return finished.size() + failed.size() > 0; }, timeout))
            qWarning("the model list never ended");
        if (!failed.isEmpty()) {
            outcome.failed = true;
            outcome.error = failed.first().first().value<ProviderError>();
        }
        return outcome;
    }
    ChatRequest request;
    request.model = u"test-model"_s;
    request.messages = {{ChatMessage::Role::User, u"Hello"_s}};
    const std::unique_ptr<ChatStream> stream(provider->streamChat(request)); // the caller's to delete
    StreamRecorder recorder(stream.get());
    if (!QTest::qWaitFor([&] { return recorder.isDone(); }, timeout))
        qWarning("the stream never ended");
    outcome.failed = !recorder.failures.isEmpty();
    outcome.error = recorder.failure();
    return outcome;
}

} // namespace

class TestKeyRouting : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void keyIsNotSentOverPlainHttpToAnotherMachine_data() { addKindRows(); }
    void keyIsNotSentOverPlainHttpToAnotherMachine()
    {
        QFETCH(ProviderKind, kind);
        QFETCH(bool, models);
        ScriptedServer proxy;
        QVERIFY(proxy.listen());
        proxy.setFallback(ScriptedResponse::json(200, R"({"data":[]})"));
        QNetworkAccessManager network;
        network.setProxy(QNetworkProxy(QNetworkProxy::HttpProxy, u"127.0.0.1"_s, proxy.port()));

        const Outcome outcome = run(&network, kind, QUrl(u"http://192.168.1.20:8000/v1"_s), models);

        QCOMPARE(proxy.requestCount(), 0);
        QVERIFY(outcome.failed);
        const QString message = outcome.error.message();
        QVERIFY2(message.contains(u"https://"_s) && message.contains(u"without a key"_s) &&
                     message.contains(u"http://192.168.1.20:8000/v1"_s),
                 qPrintable(message));
        QVERIFY2(!message.contains(key), qPrintable(message));
        QVERIFY(!outcome.error.isTransient());
    }

    void keyDoesNotFollowARedirectToAnotherServer_data() { addKindRows(); }
    void keyDoesNotFollowARedirectToAnotherServer()
    {
        QFETCH(ProviderKind, kind);
        QFETCH(bool, models);
        ScriptedServer first;
        ScriptedServer other;
        QVERIFY(first.listen());
        QVERIFY(other.listen());
        other.setFallback(ScriptedResponse::json(200, R"({"data":[]})"));
        const QUrl target = other.url(u"/elsewhere"_s);
        first.setFallback(ScriptedResponse(307).setHeader("Location", target.toEncoded()));
        QNetworkAccessManager network;

        const Outcome outcome = run(&network, kind, first.baseUrl(), models);

        QCOMPARE(first.requestCount(), 1);
        QCOMPARE(other.requestCount(), 0);
        QVERIFY(outcome.failed);
        const QString message = outcome.error.message();
        QVERIFY2(message.contains(target.toString()), qPrintable(message));
        QVERIFY(!outcome.error.isTransient());
    }

    // A server may still move its endpoint within itself.
    void keyFollowsARedirectWithinTheSameServer()
    {
        ScriptedServer server;
        QVERIFY(server.listen());
        server.enqueue("GET", "/v1/models",
                       ScriptedResponse(307).setHeader("Location", server.url(u"/v2/models"_s).toEncoded()));
        server.enqueue("GET", "/v2/models", ScriptedResponse::json(200, R"({"data":[{"id":"m"}]})"));
        QNetworkAccessManager network;

        const Outcome outcome = run(&network, ProviderKind::OpenAiCompatible, server.baseUrl(), true);

        QVERIFY2(!outcome.failed, qPrintable(outcome.error.message()));
        QCOMPARE(server.requestCount(), 2);
        QCOMPARE(server.requests().at(1).header("Authorization"), "Bearer " + key.toUtf8());
    }

    void userInfoInTheBaseUrlIsNeverSent()
    {
        ScriptedServer server;
        QVERIFY(server.listen());
        server.setFallback(ScriptedResponse::json(200, R"({"data":[]})"));
        QUrl url = server.baseUrl();
        url.setUserInfo(u"user:hunter2"_s);
        QNetworkAccessManager network;

        const Outcome outcome = run(&network, ProviderKind::OpenAiCompatible, url, true);

        QCOMPARE(server.requestCount(), 0);
        QVERIFY(outcome.failed);
        QVERIFY2(!outcome.error.message().contains(u"hunter2"_s), qPrintable(outcome.error.message()));
    }
};

QTEST_GUILESS_MAIN(TestKeyRouting)
#include "tst_keyrouting.moc"
