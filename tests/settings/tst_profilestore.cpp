// SPDX-License-Identifier: GPL-3.0-or-later
// ProfileStore and its validation, on a real settings file.
#include "profilepreset.h"
#include "profilestore.h"
#include "profilevalidation.h"

#include <QFile>
#include <QScopeGuard>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#ifdef Q_OS_UNIX
#include <sys/stat.h>
#endif

using namespace Qt::StringLiterals;

class TestProfileStore : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_file;

    static ProviderProfile ollama(const QString &name = u"ollama"_s)
    {
        return ProfilePreset::find(u"ollama")->toProfile(name);
    }

private Q_SLOTS:
    void init()
    {
        m_file = m_dir.filePath(u"%1.conf"_s.arg(QString::fromLatin1(QTest::currentTestFunction())));
        QFile::remove(m_file);
    }

    // The settings file and its folder are the user's only, whatever the umask.
    void settingsFileIsOwnerOnly()
    {
#ifdef Q_OS_UNIX
        const mode_t umaskBefore = ::umask(022);
        const auto restore = qScopeGuard([umaskBefore] { ::umask(umaskBefore); });
        const QString folder = m_dir.filePath(u"private/config"_s);
        const QString file = folder + u"/Confab.conf"_s;
        {
            ProfileStore store(file);
            QVERIFY(!store.add(ollama()).isError());
        }
        QVERIFY(ProfileStore(file).profile(u"ollama"_s));
        for (const QString &made : {folder, m_dir.filePath(u"private"_s)}) {
            struct stat info
            {
            };
            QCOMPARE(::stat(QFile::encodeName(made).constData(), &info), 0);
            QCOMPARE(info.st_mode & 07777, mode_t(0700));
        }
        struct stat info
        {
        };
        QCOMPARE(::stat(QFile::encodeName(file).constData(), &info), 0);
        QCOMPARE(info.st_mode & 07777, mode_t(0600));
#else
        QSKIP("file modes are a Unix matter");
#endif
    }

    void openAiIsThereFromTheStart()
    {
        ProfileStore store(m_file);
        const QList<ProviderProfile> profiles = store.profiles();
        QCOMPARE(profiles.size(), 1);
        QCOMPARE(profiles.first().name, u"openai"_s);
        QCOMPARE(profiles.first().kind, ProviderKind::OpenAi);
        QCOMPARE(profiles.first().effectiveBaseUrl(), QUrl(u"https://api.openai.com/v1"_s));
        QVERIFY(profiles.first().keyRequired);
        QCOMPARE(store.currentName(), u"openai"_s);
        QCOMPARE(store.current(), ProviderProfile::builtin());
    }

    void addReadBackAndList()
    {
        ProfileStore store(m_file);
        QSignalSpy changed(&store, &ProfileStore::profilesChanged);
        ProviderProfile router = ProfilePreset::find(u"openrouter")->toProfile(u"Router"_s);
        router.defaultModel = u"meta-llama/llama-3.1-8b-instruct"_s;
        router.extraHeaders = {{"HTTP-Referer", "https://example.org"}, {"X-Title", "Confab ✓"}};
        QVERIFY(!store.add(router).isError());
        QVERIFY(!store.add(ollama()).isError());
        QCOMPARE(changed.size(), 2);

        // Another store on the same file (the other executable) sees them.
        ProfileStore other(m_file);
        const QList<ProviderProfile> profiles = other.profiles();
        QCOMPARE(profiles.size(), 3);
        QCOMPARE(profiles.at(0).name, u"openai"_s);
        QCOMPARE(profiles.at(1).name, u"ollama"_s);
        QCOMPARE(profiles.at(2), router);
        QCOMPARE(other.profile(u"ROUTER"_s).value_or(ProviderProfile{}).name, u"Router"_s);
        const ProviderProfile local = *other.profile(u"ollama"_s);
        QCOMPARE(local.kind, ProviderKind::OpenAiCompatible);
        QCOMPARE(local.baseUrl, QUrl(u"http://localhost:11434/v1"_s));
        QVERIFY(!local.keyRequired);
        QVERIFY(!other.profile(u"missing"_s));
    }

    void presets_data()
    {
        QTest::addColumn<QString>("id");
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("url");
        QTest::addColumn<bool>("keyRequired");
        const int compatible = int(ProviderKind::OpenAiCompatible);
        QTest::newRow("ollama") << u"ollama"_s << compatible << u"http://localhost:11434/v1"_s << false;
        QTest::newRow("lmstudio") << u"lmstudio"_s << compatible << u"http://localhost:1234/v1"_s << false;
        QTest::newRow("llamacpp") << u"llamacpp"_s << compatible << u"http://localhost:8080/v1"_s << false;
        QTest::newRow("vllm") << u"vllm"_s << compatible << u"http://localhost:8000/v1"_s << false;
        QTest::newRow("openrouter") << u"openrouter"_s << compatible << u"https://openrouter.ai/api/v1"_s
                                    << true;
        QTest::newRow("anthropic") << u"anthropic"_s << int(ProviderKind::Anthropic)
                                   << u"https://api.anthropic.com/v1"_s << true;
        QTest::newRow("gemini") << u"Gemini"_s << int(ProviderKind::Gemini)
                                << u"https://generativelanguage.googleapis.com/v1beta"_s << true;
    }

    void presets()
    {
        QFETCH(QString, id);
        QFETCH(int, kind);
        QFETCH(QString, url);
        QFETCH(bool, keyRequired);
        const auto preset = ProfilePreset::find(id);
        QVERIFY(preset);
        const ProviderProfile profile = preset->toProfile(u"p"_s);
        QCOMPARE(int(profile.kind), kind);
        QCOMPARE(profile.effectiveBaseUrl(), QUrl(url));
        QCOMPARE(profile.keyRequired, keyRequired);
        ProfileStore store(m_file);
        QVERIFY(!store.add(profile).isError());
        QCOMPARE(*store.profile(u"p"_s), profile);
    }

    void namesAreChecked_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("says");
        QTest::newRow("empty") << QString() << int(ProfileError::Kind::InvalidName) << u"empty"_s;
        QTest::newRow("blank") << u"  "_s << int(ProfileError::Kind::InvalidName) << u"empty"_s;
        QTest::newRow("slash") << u"a/b"_s << int(ProfileError::Kind::InvalidName) << u"letters, digits"_s;
        QTest::newRow("space") << u"my server"_s << int(ProfileError::Kind::InvalidName)
                               << u"letters, digits"_s;
        QTest::newRow("leading dash")
            << u"-x"_s << int(ProfileError::Kind::InvalidName) << u"starting with"_s;
        QTest::newRow("too long") << QString(65, u'a') << int(ProfileError::Kind::InvalidName)
                                  << u"too long"_s;
        QTest::newRow("duplicate") << u"OLLAMA"_s << int(ProfileError::Kind::Duplicate)
                                   << u"exists already"_s;
        QTest::newRow("builtin") << u"OpenAI"_s << int(ProfileError::Kind::Duplicate) << u"exists already"_s;
    }

    void namesAreChecked()
    {
        QFETCH(QString, name);
        QFETCH(int, kind);
        QFETCH(QString, says);
        ProfileStore store(m_file);
        QVERIFY(!store.add(ollama()).isError());
        const ProfileError error = store.add(ollama(name));
        QCOMPARE(int(error.kind), kind);
        QVERIFY2(error.message.contains(says), qPrintable(error.message));
        QCOMPARE(store.profiles().size(), 2);
    }

    void secretsAreRefused_data()
    {
        QTest::addColumn<QString>("header");
        for (const char *header : {"Authorization: Bearer sk-x", "authorization: x", "x-api-key: sk-ant",
                                   "api-key: 123", "X-Goog-Api-Key: g", "Proxy-Authorization: Basic x",
                                   "X-Auth-Token: t", "Cookie: session=1", "X-Client-Secret: s"})
            QTest::newRow(header) << QString::fromLatin1(header);
    }

    void secretsAreRefused()
    {
        QFETCH(QString, header);
        ProfileError error;
        QVERIFY(!ProfileValidation::parseHeader(header, &error));
        QCOMPARE(error.kind, ProfileError::Kind::SecretHeader);
        QVERIFY2(error.message.contains(u"key set"), qPrintable(error.message));

        ProviderProfile profile = ollama(u"withsecret"_s);
        const qsizetype colon = header.indexOf(u':');
        profile.extraHeaders = {{header.left(colon).toUtf8(), header.mid(colon + 1).trimmed().toUtf8()}};
        ProfileStore store(m_file);
        QCOMPARE(store.add(profile).kind, ProfileError::Kind::SecretHeader);
        QVERIFY(!store.profile(u"withsecret"_s));
        QVERIFY(!QFile::exists(m_file) || !QFile(m_file).open(QIODevice::ReadOnly) ||
                !QSettings(m_file, QSettings::IniFormat).allKeys().join(u' ').contains(u"withsecret"));
    }

    // Not only the well-known names: any name ending in key, token or secret, and any value that
    // looks like a credential, whatever the name.
    void credentialsByNameEndingOrValueAreRefused_data()
    {
        QTest::addColumn<QString>("header");
        for (const char *header : {"Ocp-Apim-Subscription-Key: 0123", "X-Portkey: p", "X-ACCESS-KEY: a",
                                   "X-Proxy: Bearer abc", "X-Forward: basic dXNlcjpwdw==",
                                   "X-Upstream: sk-or-v1-0123", "X-Session-Token: t", "X-Hook-SECRET: s"})
            QTest::newRow(header) << QString::fromLatin1(header);
    }

    void credentialsByNameEndingOrValueAreRefused()
    {
        QFETCH(QString, header);
        ProfileError error;
        QVERIFY(!ProfileValidation::parseHeader(header, &error));
        QCOMPARE(error.kind, ProfileError::Kind::SecretHeader);
        QVERIFY2(error.message.contains(u"key set"), qPrintable(error.message));
        // Ordinary headers still pass.
        QVERIFY(ProfileValidation::parseHeader(u"HTTP-Referer: https://example.org"_s, &error));
        QVERIFY(ProfileValidation::parseHeader(u"X-Title: Basically Confab"_s, &error));
        QVERIFY(ProfileValidation::parseHeader(u"anthropic-beta: skills-2025"_s, &error));
    }

    void baseUrlQueriesAreRefused()
    {
        ProviderProfile profile = ollama(u"q"_s);
        profile.baseUrl = QUrl(u"https://example.org/v1?key=AIzaSyQuery"_s);
        const ProfileError error = ProfileValidation::check(profile);
        QCOMPARE(error.kind, ProfileError::Kind::InvalidUrl);
        QVERIFY2(!error.message.contains(u"AIzaSyQuery"), qPrintable(error.message));
        QVERIFY2(error.message.contains(u"https://example.org/v1"), qPrintable(error.message));
        ProfileStore store(m_file);
        QCOMPARE(store.add(profile).kind, ProfileError::Kind::InvalidUrl);
        QVERIFY(!store.profile(u"q"_s));
        profile.baseUrl = QUrl(u"https://example.org/v1#key=AIzaSyQuery"_s);
        QCOMPARE(ProfileValidation::check(profile).kind, ProfileError::Kind::InvalidUrl);
    }

    void headersAndUrlsAreChecked()
    {
        ProfileError error;
        QVERIFY(!ProfileValidation::parseHeader(u"no colon"_s, &error));
        QCOMPARE(error.kind, ProfileError::Kind::InvalidHeader);
        QVERIFY(!ProfileValidation::parseHeader(u"Bad Name: x"_s, &error));
        QCOMPARE(error.kind, ProfileError::Kind::InvalidHeader);
        const auto ok = ProfileValidation::parseHeader(u"  X-Title :  Confab  "_s, &error);
        QVERIFY(ok);
        QCOMPARE(ok->first, QByteArray("X-Title"));
        QCOMPARE(ok->second, QByteArray("Confab"));

        ProviderProfile profile = ollama(u"u"_s);
        profile.baseUrl = QUrl(u"ftp://example.org"_s);
        QCOMPARE(ProfileValidation::check(profile).kind, ProfileError::Kind::InvalidUrl);
        profile.baseUrl = QUrl(u"https://user:secret@example.org/v1"_s);
        const ProfileError withPassword = ProfileValidation::check(profile);
        QCOMPARE(withPassword.kind, ProfileError::Kind::SecretHeader);
        QVERIFY(!withPassword.message.contains(u"secret@"));
        profile.baseUrl = QUrl();
        QCOMPARE(ProfileValidation::check(profile).kind,
                 ProfileError::Kind::InvalidUrl); // compatible needs one
    }

    void updateAndRemove()
    {
        ProfileStore store(m_file);
        QVERIFY(!store.add(ollama()).isError());
        ProviderProfile changed = *store.profile(u"ollama"_s);
        changed.defaultModel = u"llama3.2"_s;
        changed.name = u"OLLAMA"_s; // found without case, kept in its stored case
        QVERIFY(!store.update(changed).isError());
        QCOMPARE(store.profile(u"ollama"_s)->defaultModel, u"llama3.2"_s);
        QCOMPARE(store.profile(u"ollama"_s)->name, u"ollama"_s);
        QCOMPARE(store.update(ollama(u"nothere"_s)).kind, ProfileError::Kind::NotFound);

        QVERIFY(!store.setCurrent(u"ollama"_s).isError());
        QCOMPARE(store.currentName(), u"ollama"_s);
        QSignalSpy current(&store, &ProfileStore::currentChanged);
        QVERIFY(!store.remove(u"Ollama"_s).isError());
        QCOMPARE(current.size(), 1);
        QCOMPARE(store.currentName(), u"openai"_s);
        QCOMPARE(store.remove(u"ollama"_s).kind, ProfileError::Kind::NotFound);
        QCOMPARE(store.setCurrent(u"ollama"_s).kind, ProfileError::Kind::NotFound);
    }

    void openAiCanBeEditedNotRemoved()
    {
        ProfileStore store(m_file);
        const ProfileError removed = store.remove(u"openai"_s);
        QCOMPARE(removed.kind, ProfileError::Kind::Builtin);
        QVERIFY(removed.message.contains(u"cannot be removed"));
        ProviderProfile openAi = ProviderProfile::builtin();
        openAi.defaultModel = u"gpt-4o"_s;
        openAi.baseUrl = QUrl(u"https://proxy.example.org/v1"_s);
        QVERIFY(!store.update(openAi).isError());
        const QList<ProviderProfile> profiles = ProfileStore(m_file).profiles();
        QCOMPARE(profiles.size(), 1);
        QCOMPARE(profiles.first(), openAi);
    }
};

QTEST_GUILESS_MAIN(TestProfileStore)
#include "tst_profilestore.moc"
