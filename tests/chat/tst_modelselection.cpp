// SPDX-License-Identifier: GPL-3.0-or-later
#include "appsettings.h"
#include "chatprovider.h"
#include "modelselection.h"
#include "providerfactory.h"
#include "scriptedresponse.h"
#include "scriptedserver.h"

#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;

// The selector's models and the model a provider starts with, against a real server and a
// real settings file.
class TestModelSelection : public QObject
{
    Q_OBJECT

private:
    ProviderSetup setupFor(const QUrl &server) const
    {
        ProviderSetup setup;
        setup.config.baseUrl = server;
        setup.config.apiKey = u"sk-test"_s;
        setup.config.retry.maxRetries = 0;
        return setup;
    }

    std::unique_ptr<ChatProvider> providerFor(const ProviderSetup &setup)
    {
        return std::unique_ptr<ChatProvider>(createProvider(setup.kind, &m_network, setup.config, nullptr));
    }

    static QByteArray modelList(const QStringList &ids)
    {
        QByteArray body = "{\"object\":\"list\",\"data\":[";
        for (qsizetype i = 0; i < ids.size(); ++i)
            body += (i ? ",{\"id\":\"" : "{\"id\":\"") + ids.at(i).toUtf8() + "\"}";
        return body + "]}";
    }

    QTemporaryDir m_dir;
    QNetworkAccessManager m_network;

private Q_SLOTS:
    // What the server lists is offered, kept for the next run with the same server, and not
    // shown for another server.
    void listedModelsAreKeptPerServer()
    {
        ScriptedServer server;
        QVERIFY(server.listen());
        server.enqueue("GET", "/v1/models", ScriptedResponse::json(200, modelList({u"b-model"_s, u"a-model"_s})));
        AppSettings settings(m_dir.filePath(u"listed.ini"_s));
        const ProviderSetup setup = setupFor(server.baseUrl());
        auto provider = providerFor(setup);
        {
            ModelSelection selection(&settings);
            QCOMPARE(selection.switchTo(provider.get(), setup), QString()); // nothing known yet
            QSignalSpy listed(&selection, &ModelSelection::listed);
            selection.refresh();
            QVERIFY(listed.wait(20000));
            QCOMPARE(selection.models(), QStringList({u"a-model"_s, u"b-model"_s})); // sorted
            QVERIFY(selection.error().isEmpty());
        }
        ModelSelection again(&settings);
        // Next time, before the server answers: the list seen last, and its first model.
        QCOMPARE(again.switchTo(provider.get(), setup), u"a-model"_s);
        QCOMPARE(again.models(), QStringList({u"a-model"_s, u"b-model"_s}));
        // Another server: nothing of the first one's.
        const ProviderSetup other = setupFor(QUrl(u"http://127.0.0.1:9/v1"_s));
        QCOMPARE(again.switchTo(nullptr, other), QString());
        QVERIFY(again.models().isEmpty());
    }

    // The model to start with: the open conversation's, else the profile's, else the one chosen
    // last with this server, else the server's first; OpenAI's own server has a default.
    void theModelToStartWith()
    {
        AppSettings settings(m_dir.filePath(u"start.ini"_s));
        const QUrl server(u"http://127.0.0.1:1/v1"_s);
        settings.setModels(server, {u"first"_s, u"second"_s});
        ModelSelection selection(&settings);
        ProviderSetup setup = setupFor(server);
        QCOMPARE(selection.switchTo(nullptr, setup), u"first"_s);
        selection.remember(u"second"_s);
        QCOMPARE(selection.switchTo(nullptr, setup), u"second"_s);
        setup.model = u"profile-model"_s;
        QCOMPARE(selection.switchTo(nullptr, setup), u"profile-model"_s);
        QCOMPARE(selection.switchTo(nullptr, setup, u"conversation-model"_s), u"conversation-model"_s);

        const ProviderSetup openAi = setupFor(QUrl(u"https://api.openai.com/v1"_s));
        QCOMPARE(selection.switchTo(nullptr, openAi), u"gpt-4o-mini"_s);
        ProviderSetup anthropic = setupFor(QUrl(u"https://api.anthropic.com/v1"_s));
        anthropic.kind = ProviderKind::Anthropic;
        QCOMPARE(selection.switchTo(nullptr, anthropic), QString());
    }

    // A server that cannot list its models says why; switching servers clears it.
    void aFailedListSaysWhy()
    {
        ScriptedServer server;
        QVERIFY(server.listen());
        server.enqueue("GET", "/v1/models", ScriptedResponse::openAiError(500, u"models are resting"_s));
        AppSettings settings(m_dir.filePath(u"failed.ini"_s));
        const ProviderSetup setup = setupFor(server.baseUrl());
        auto provider = providerFor(setup);
        ModelSelection selection(&settings);
        selection.switchTo(provider.get(), setup);
        QSignalSpy errorChanged(&selection, &ModelSelection::errorChanged);
        selection.refresh();
        QTRY_VERIFY_WITH_TIMEOUT(!selection.error().isEmpty(), 20000);
        QVERIFY2(selection.error().contains(u"models are resting"_s), qPrintable(selection.error()));
        QVERIFY(selection.models().isEmpty());
        selection.switchTo(nullptr, setupFor(QUrl(u"http://127.0.0.1:9/v1"_s)));
        QVERIFY(selection.error().isEmpty());
        QCOMPARE(errorChanged.size(), 2);
    }
};

QTEST_GUILESS_MAIN(TestModelSelection)
#include "tst_modelselection.moc"
