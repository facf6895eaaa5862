// SPDX-License-Identifier: GPL-3.0-or-later
#include "anthropicprovider.h"
#include "geminiprovider.h"
#include "openaiprovider.h"
#include "providerfactory.h"

#include <QNetworkAccessManager>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;

class TestProviderFactory : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void eachKindGetsItsProvider()
    {
        QNetworkAccessManager network;
        const std::unique_ptr<ChatProvider> openAi(createProvider(ProviderKind::OpenAi, &network, {}));
        const auto *openAiProvider = qobject_cast<OpenAiProvider *>(openAi.get());
        QVERIFY(openAiProvider);
        QCOMPARE(openAiProvider->config().baseUrl, QUrl(u"https://api.openai.com/v1"_s));

        ProviderConfig local;
        local.baseUrl = QUrl(u"http://localhost:11434/v1"_s);
        const std::unique_ptr<ChatProvider> compatible(
            createProvider(ProviderKind::OpenAiCompatible, &network, local));
        const auto *compatibleProvider = qobject_cast<OpenAiProvider *>(compatible.get());
        QVERIFY(compatibleProvider);
        QCOMPARE(compatibleProvider->config().baseUrl, local.baseUrl);

        const std::unique_ptr<ChatProvider> anthropic(createProvider(ProviderKind::Anthropic, &network, {}));
        const auto *anthropicProvider = qobject_cast<AnthropicProvider *>(anthropic.get());
        QVERIFY(anthropicProvider);
        QCOMPARE(anthropicProvider->config().baseUrl, QUrl(u"https://api.anthropic.com/v1"_s));

        const std::unique_ptr<ChatProvider> gemini(createProvider(ProviderKind::Gemini, &network, {}));
        const auto *geminiProvider = qobject_cast<GeminiProvider *>(gemini.get());
        QVERIFY(geminiProvider);
        QCOMPARE(geminiProvider->config().baseUrl,
                 QUrl(u"https://generativelanguage.googleapis.com/v1beta"_s));
    }

    void theParentOwnsIt()
    {
        QNetworkAccessManager network;
        QObject parent;
        ChatProvider *provider = createProvider(ProviderKind::Gemini, &network, {}, &parent);
        QCOMPARE(provider->parent(), &parent);
    }
};

QTEST_GUILESS_MAIN(TestProviderFactory)
#include "tst_providerfactory.moc"
