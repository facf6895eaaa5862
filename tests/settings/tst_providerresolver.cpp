// SPDX-License-Identifier: GPL-3.0-or-later
// ProviderResolver: the command line, the environment, the profiles (a real settings file) and
// the keys (the real keyring of the test session) together.
#include "profilepreset.h"
#include "profilestore.h"
#include "providerresolver.h"
#include "secretstore.h"
#include "sessionsecrets.h"

#include <QFutureWatcher>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

using namespace Qt::StringLiterals;
using Error = ProviderResolution::Error;
using KeySource = ResolvedProvider::KeySource;

class TestProviderResolver : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    ProfileStore *m_profiles = nullptr;
    SecretStore *m_secrets = nullptr;
    SessionSecrets *m_session = nullptr;
    QProcessEnvironment m_env;
    QStringList m_keys;

    ProviderResolution resolve(const ProviderOverrides &overrides = {})
    {
        ProviderResolver resolver(m_profiles, m_secrets, m_session);
        resolver.setEnvironment(m_env);
        const QFuture<ProviderResolution> future = resolver.resolve(overrides);
        QFutureWatcher<ProviderResolution> watcher;
        QSignalSpy done(&watcher, &QFutureWatcherBase::finished);
        watcher.setFuture(future);
        if (!future.isFinished())
            done.wait(20000);
        return future.result();
    }

    void storeKey(const QString &profile, const QString &key)
    {
        const QString entry = SecretStore::providerKey(profile);
        m_keys.append(entry);
        QFutureWatcher<SecretError> watcher;
        QSignalSpy done(&watcher, &QFutureWatcherBase::finished);
        const QFuture<SecretError> future = m_secrets->write(entry, key);
        watcher.setFuture(future);
        if (!future.isFinished())
            done.wait(20000);
        QVERIFY2(!future.result().isError(), qPrintable(future.result().message));
    }

private Q_SLOTS:
    void init()
    {
        m_profiles = new ProfileStore(
            m_dir.filePath(u"%1.conf"_s.arg(QString::fromLatin1(QTest::currentTestFunction()))), this);
        m_secrets =
            new SecretStore(u"Confab-test-"_s + QUuid::createUuid().toString(QUuid::Id128).left(12), this);
        m_session = new SessionSecrets(this);
        m_env = QProcessEnvironment();
    }

    void cleanup()
    {
        for (const QString &key : std::as_const(m_keys)) {
            QFutureWatcher<SecretError> watcher;
            QSignalSpy done(&watcher, &QFutureWatcherBase::finished);
            watcher.setFuture(m_secrets->remove(key));
            done.wait(20000);
        }
        m_keys.clear();
        delete m_profiles;
        delete m_secrets;
        delete m_session;
    }

    void openAiFromTheEnvironmentAsToday()
    {
        m_env.insert(u"OPENAI_API_KEY"_s, u" sk-env \n"_s);
        m_env.insert(u"OPENAI_ORG_ID"_s, u"org-1"_s);
        m_env.insert(u"OPENAI_PROJECT_ID"_s, u"proj-1"_s);
        m_env.insert(u"OPENAI_MODEL"_s, u"gpt-env"_s);
        const ProviderResolution r = resolve();
        QVERIFY2(r.ok(), qPrintable(r.message));
        QCOMPARE(r.provider.profile.name, u"openai"_s);
        QCOMPARE(r.provider.kind, ProviderKind::OpenAi);
        QCOMPARE(r.provider.config.baseUrl, QUrl(u"https://api.openai.com/v1"_s));
        QCOMPARE(r.provider.config.apiKey, u"sk-env"_s);
        QCOMPARE(r.provider.keySource, KeySource::Environment);
        QCOMPARE(r.provider.config.organization, u"org-1"_s);
        QCOMPARE(r.provider.config.project, u"proj-1"_s);
        QCOMPARE(r.provider.model, u"gpt-env"_s);
        QVERIFY(!r.provider.modelFromCommandLine);
    }

    void theEnvironmentOverridesTheKeychain()
    {
        storeKey(u"openai"_s, u"sk-keychain"_s);
        QCOMPARE(resolve().provider.config.apiKey, u"sk-keychain"_s);
        QCOMPARE(resolve().provider.keySource, KeySource::Keychain);
        m_env.insert(u"OPENAI_API_KEY"_s, u"sk-env"_s);
        QCOMPARE(resolve().provider.config.apiKey, u"sk-env"_s);
    }

    void eachKindHasItsVariable()
    {
        QVERIFY(!m_profiles->add(ProfilePreset::find(u"anthropic")->toProfile(u"claude"_s)).isError());
        QVERIFY(!m_profiles->add(ProfilePreset::find(u"gemini")->toProfile(u"gem"_s)).isError());
        m_env.insert(u"OPENAI_API_KEY"_s, u"sk-openai"_s);
        m_env.insert(u"ANTHROPIC_API_KEY"_s, u"sk-ant"_s);
        m_env.insert(u"GEMINI_API_KEY"_s, u"g-key"_s);
        m_env.insert(u"OPENAI_BASE_URL"_s, u"http://127.0.0.1:9/v1"_s); // OpenAI's only
        ProviderResolution r = resolve({u"claude"_s, {}, {}});
        QVERIFY(r.ok());
        QCOMPARE(r.provider.kind, ProviderKind::Anthropic);
        QCOMPARE(r.provider.config.apiKey, u"sk-ant"_s);
        QCOMPARE(r.provider.config.baseUrl, QUrl(u"https://api.anthropic.com/v1"_s));
        QVERIFY(r.provider.config.organization.isEmpty());
        r = resolve({u"GEM"_s, {}, {}});
        QCOMPARE(r.provider.kind, ProviderKind::Gemini);
        QCOMPARE(r.provider.config.apiKey, u"g-key"_s);
        r = resolve();
        QCOMPARE(r.provider.config.apiKey, u"sk-openai"_s);
        QCOMPARE(r.provider.config.baseUrl, QUrl(u"http://127.0.0.1:9/v1"_s));
    }

    void aProfileGivesUrlModelHeadersAndKey()
    {
        ProviderProfile router = ProfilePreset::find(u"openrouter")->toProfile(u"router"_s);
        router.defaultModel = u"meta/llama"_s;
        router.extraHeaders = {{"X-Title", "Confab"}};
        QVERIFY(!m_profiles->add(router).isError());
        storeKey(u"router"_s, u"sk-or-123"_s);
        m_env.insert(u"OPENAI_API_KEY"_s, u"sk-openai"_s); // not OpenRouter's
        m_env.insert(u"OPENAI_MODEL"_s, u"gpt-env"_s);     // nor this
        const ProviderResolution r = resolve({u"router"_s, {}, {}});
        QVERIFY2(r.ok(), qPrintable(r.message));
        QCOMPARE(r.provider.kind, ProviderKind::OpenAiCompatible);
        QCOMPARE(r.provider.config.baseUrl, QUrl(u"https://openrouter.ai/api/v1"_s));
        QCOMPARE(r.provider.config.apiKey, u"sk-or-123"_s);
        QCOMPARE(r.provider.keySource, KeySource::Keychain);
        QCOMPARE(r.provider.model, u"meta/llama"_s);
        QCOMPARE(r.provider.config.extraHeaders, router.extraHeaders);
    }

    void theCommandLineWins()
    {
        ProviderProfile local = ProfilePreset::find(u"ollama")->toProfile(u"local"_s);
        local.defaultModel = u"llama3.2"_s;
        QVERIFY(!m_profiles->add(local).isError());
        QVERIFY(!m_profiles->setCurrent(u"local"_s).isError());
        ProviderResolution r = resolve();
        QCOMPARE(r.provider.profile.name, u"local"_s);
        QCOMPARE(r.provider.model, u"llama3.2"_s);
        QCOMPARE(r.provider.keySource, KeySource::None);
        r = resolve({{}, u"http://127.0.0.1:1/v1"_s, u"qwen"_s});
        QVERIFY(r.ok());
        QCOMPARE(r.provider.config.baseUrl, QUrl(u"http://127.0.0.1:1/v1"_s));
        QCOMPARE(r.provider.model, u"qwen"_s);
        QVERIFY(r.provider.modelFromCommandLine);
        m_env.insert(u"OPENAI_API_KEY"_s, u"sk-env"_s);
        r = resolve({u"openai"_s, {}, {}});
        QCOMPARE(r.provider.profile.name, u"openai"_s);
        QCOMPARE(r.provider.config.apiKey, u"sk-env"_s);
    }

    void noKeyIsSaidClearly()
    {
        const ProviderResolution r = resolve();
        QCOMPARE(r.error, Error::NoKey);
        QVERIFY2(r.message.contains(u"confab-cli key set openai"), qPrintable(r.message));
        QVERIFY(r.message.contains(u"OPENAI_API_KEY"));
        // Pointed at another server, the profile needs no key (a local server, as today).
        const ProviderResolution local = resolve({{}, u"http://127.0.0.1:1/v1"_s, {}});
        QVERIFY2(local.ok(), qPrintable(local.message));
        QVERIFY(local.provider.config.apiKey.isEmpty());
    }

    void aSessionKeyComesBeforeTheKeychain()
    {
        storeKey(u"openai"_s, u"sk-keychain"_s);
        m_session->set(SecretStore::providerKey(u"openai"_s), u"sk-session"_s);
        const ProviderResolution r = resolve();
        QCOMPARE(r.provider.config.apiKey, u"sk-session"_s);
        QCOMPARE(r.provider.keySource, KeySource::Session);
    }

    // --base-url and OPENAI_BASE_URL pass the same check as a stored profile's URL: neither user
    // info nor a query reaches a request, the model cache or the settings.
    void baseUrlsWithSecretsAreRefused()
    {
        m_env.insert(u"OPENAI_API_KEY"_s, u"sk-env"_s);
        ProviderResolution r = resolve({{}, u"http://user:hunter2@127.0.0.1:9/v1"_s, {}});
        QCOMPARE(r.error, Error::InvalidOption);
        QVERIFY2(!r.message.contains(u"hunter2"), qPrintable(r.message));
        QVERIFY2(r.message.contains(u"key set"), qPrintable(r.message));
        m_env.insert(u"OPENAI_BASE_URL"_s, u"https://llm.example.org/v1?api_key=hunter2"_s);
        r = resolve();
        QCOMPARE(r.error, Error::InvalidOption);
        QVERIFY2(!r.message.contains(u"hunter2"), qPrintable(r.message));
        // Not even a URL that cannot be read is echoed with its user info or query.
        r = resolve({{}, u"http://user:hun ter2@[bad/v1?key=hunter3"_s, {}});
        QCOMPARE(r.error, Error::InvalidOption);
        QVERIFY2(!r.message.contains(u"hun ter2") && !r.message.contains(u"hunter3"), qPrintable(r.message));
        m_env.insert(u"OPENAI_BASE_URL"_s, u"http://127.0.0.1:9/v1"_s);
        QCOMPARE(resolve().error, Error::None);
    }

    void badInput()
    {
        ProviderResolution r = resolve({u"nope"_s, {}, {}});
        QCOMPARE(r.error, Error::NoSuchProfile);
        QVERIFY(r.message.contains(u"'nope'") && r.message.contains(u"profiles list"));
        r = resolve({{}, u"ftp://example.org"_s, {}});
        QCOMPARE(r.error, Error::InvalidOption);
        QVERIFY(r.message.contains(u"ftp://example.org"));
        m_env.insert(u"OPENAI_BASE_URL"_s, u"not a url"_s);
        QCOMPARE(resolve().error, Error::InvalidOption);
    }
};

QTEST_GUILESS_MAIN(TestProviderResolver)
#include "tst_providerresolver.moc"
