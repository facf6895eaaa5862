// SPDX-License-Identifier: GPL-3.0-or-later
// confab-cli key and profiles, run as processes with a throwaway home against the real keyring
// of the test session and the scripted server; at the end, no file the runs wrote and no
// output holds the key.
#include "clirun.h"
#include "databaseconfig.h"
#include "scriptedresponse.h"
#include "scriptedserver.h"
#include "secretstore.h"
#include "ssebodybuilder.h"

#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QFutureWatcher>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

#include <memory>

using namespace Qt::StringLiterals;

namespace {
template<typename T> T await(const QFuture<T> &future)
{
    QFutureWatcher<T> watcher;
    QSignalSpy done(&watcher, &QFutureWatcherBase::finished);
    watcher.setFuture(future);
    if (!future.isFinished())
        done.wait(20000);
    return future.result();
}
} // namespace

class TestCliKeys : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_home;
    QProcessEnvironment m_env;
    ScriptedServer *m_server = nullptr;
    std::unique_ptr<ScriptedServer> m_gone; // a server that goes away (for the model cache)
    QString m_suffix = QUuid::createUuid().toString(QUuid::Id128).left(10);
    QString m_profile = u"keys-"_s + m_suffix; // speaks OpenAI's API, needs a key
    QString m_local = u"local-"_s + m_suffix;  // an OpenAI-compatible server, no key needed
    QByteArray m_key = "sk-keytest-" + QUuid::createUuid().toByteArray(QUuid::Id128);
    QByteArray m_password = "pg-" + QUuid::createUuid().toByteArray(QUuid::Id128);
    QString m_databaseUrl = u"postgresql://confab@127.0.0.1:5/keys-"_s + m_suffix;
    QList<QByteArray> m_outputs;
    SecretStore m_secrets; // the service confab-cli uses, to check and clean up

    CliRun run(const QStringList &arguments, const QByteArray &input = {},
               const QProcessEnvironment &env = {})
    {
        const CliRun result = CliRun::exec(arguments, input, env.isEmpty() ? m_env : env);
        m_outputs << result.out << result.err;
        return result;
    }

    QString folder(const QString &name) const { return m_home.filePath(name); }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_home.isValid());
        m_env = CliRun::defaultEnvironment();
        m_env.remove(u"OPENAI_API_KEY"_s);
        m_env.insert(u"HOME"_s, m_home.path());
        m_env.insert(u"XDG_CONFIG_HOME"_s, folder(u".config"_s));
        m_env.insert(u"XDG_DATA_HOME"_s, folder(u".local/share"_s));
        m_env.insert(u"XDG_CACHE_HOME"_s, folder(u".cache"_s));
        m_env.insert(u"XDG_STATE_HOME"_s, folder(u".local/state"_s));
        m_env.insert(u"CONFAB_DATABASE"_s, folder(u".local/share/Confab/history.sqlite"_s));
        m_server = new ScriptedServer(this);
        QVERIFY(m_server->listen());
        const SecretError reachable = await(m_secrets.probe());
        QVERIFY2(!reachable.isError(), qPrintable(reachable.message));
    }

    void addProfilesAndSetTheKeyFromStdin()
    {
        CliRun r = run({u"profiles"_s, u"add"_s, m_profile, u"--kind"_s, u"openai"_s, u"--base-url"_s,
                        m_server->baseUrl().toString(), u"--model"_s, u"gpt-test"_s, u"--header"_s,
                        u"X-Title: Confab test"_s});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        r = run({u"key"_s, u"set"_s, m_profile}, m_key + "\n");
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY(r.out.isEmpty());
        QVERIFY(r.errLine().contains(u"stored the key of profile '%1'"_s.arg(m_profile)));
        // The newline is not part of the key.
        QCOMPARE(await(m_secrets.read(SecretStore::providerKey(m_profile))).secret.toUtf8(), m_key);

        r = run({u"key"_s, u"set"_s, m_profile}, "\n");
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.errLine().contains(u"nothing was read"));
        r = run({u"key"_s, u"set"_s, u"no-such-"_s + m_suffix}, "x");
        QCOMPARE(r.exitCode, 14);
    }

    void noEchoOnATerminal()
    {
        // script(1) runs the command on a pseudo-terminal and copies what the terminal shows
        // to its stdout: the prompt, and the key only if it were echoed.
        const QString script = QStandardPaths::findExecutable(u"script"_s);
        QVERIFY2(!script.isEmpty(), "needs script(1) from util-linux (Debian: bsdutils) for a terminal");
        QProcess process;
        process.setProcessEnvironment(m_env);
        process.start(script, {u"-q"_s, u"-e"_s, u"-c"_s,
                               u"'%1' key set '%2'"_s.arg(QStringLiteral(CONFAB_CLI_PATH), m_profile),
                               u"/dev/null"_s});
        QVERIFY(process.waitForStarted());
        QByteArray shown;
        QElapsedTimer timer;
        timer.start();
        while (!shown.contains("API key for profile") && timer.elapsed() < 20000) {
            process.waitForReadyRead(200);
            shown += process.readAllStandardOutput();
        }
        QVERIFY2(shown.contains("API key for profile '" + m_profile.toUtf8() + "': "), shown.constData());
        process.write(m_key + "\n");
        QVERIFY(process.waitForFinished(20000));
        shown += process.readAllStandardOutput();
        m_outputs << shown << process.readAllStandardError();
        QCOMPARE(process.exitCode(), 0);
        QVERIFY2(shown.contains("stored the key of profile"), shown.constData());
        QVERIFY2(!shown.contains(m_key), "the key was echoed");
        QCOMPARE(await(m_secrets.read(SecretStore::providerKey(m_profile))).secret.toUtf8(), m_key);
    }

    void listSaysAKeyIsStoredNeverWhich()
    {
        CliRun r = run({u"profiles"_s, u"list"_s});
        QCOMPARE(r.exitCode, 0);
        const QString text = QString::fromUtf8(r.out);
        QVERIFY2(text.contains(u"* openai  openai  https://api.openai.com/v1"), qPrintable(text));
        QVERIFY2(text.contains(u"  %1  openai  %2  gpt-test  key stored"_s.arg(
                     m_profile, m_server->baseUrl().toString())),
                 qPrintable(text));

        r = run({u"profiles"_s, u"list"_s, u"--json"_s});
        QCOMPARE(r.exitCode, 0);
        const QJsonArray profiles = QJsonDocument::fromJson(r.out).array();
        QCOMPARE(profiles.size(), 2);
        const QJsonObject mine = profiles.at(1).toObject();
        QCOMPARE(mine.value(u"name").toString(), m_profile);
        QCOMPARE(mine.value(u"kind").toString(), u"openai"_s);
        QCOMPARE(mine.value(u"keyStored").toBool(), true);
        QCOMPARE(mine.value(u"keyRequired").toBool(), true);
        QCOMPARE(mine.value(u"headers").toArray().first().toString(), u"X-Title: Confab test"_s);
        QCOMPARE(profiles.at(0).toObject().value(u"current").toBool(), true);
    }

    void askWithTheProfileSendsItsKey()
    {
        m_server->enqueue(
            ScriptedResponse::eventStream(SseBodyBuilder().reply({u"Hello "_s, u"there"_s}).bytes()));
        CliRun r = run({u"ask"_s, u"--profile"_s, m_profile, u"Say hello"_s});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QCOMPARE(r.out, QByteArray("Hello there"));
        RecordedRequest request = m_server->lastRequest();
        QCOMPARE(request.header("authorization"), "Bearer " + m_key);
        QCOMPARE(request.header("x-title"), QByteArray("Confab test"));
        QCOMPARE(request.json().value(u"model").toString(), u"gpt-test"_s);

        // --model still overrides the profile's, and the environment's key the keychain's.
        QProcessEnvironment env = m_env;
        env.insert(u"OPENAI_API_KEY"_s, u"sk-from-env"_s);
        m_server->enqueue(ScriptedResponse::eventStream(SseBodyBuilder().reply({u"ok"_s}).bytes()));
        r = run({u"ask"_s, u"--no-save"_s, u"--profile"_s, m_profile, u"--model"_s, u"other"_s, u"hi"_s}, {},
                env);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        request = m_server->lastRequest();
        QCOMPARE(request.header("authorization"), QByteArray("Bearer sk-from-env"));
        QCOMPARE(request.json().value(u"model").toString(), u"other"_s);

        // As the current profile, no --profile is needed.
        QCOMPARE(run({u"profiles"_s, u"use"_s, m_profile}).exitCode, 0);
        m_server->enqueue(ScriptedResponse::eventStream(SseBodyBuilder().reply({u"current"_s}).bytes()));
        r = run({u"ask"_s, u"--no-save"_s, u"hi"_s});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QCOMPARE(m_server->lastRequest().header("authorization"), "Bearer " + m_key);
        QCOMPARE(run({u"profiles"_s, u"use"_s, u"openai"_s}).exitCode, 0);
    }

    void modelsAreCachedForOffline()
    {
        m_gone = std::make_unique<ScriptedServer>();
        QVERIFY(m_gone->listen());
        const QString url = m_gone->baseUrl().toString();
        CliRun r = run(
            {u"profiles"_s, u"add"_s, m_local, u"--kind"_s, u"openai-compatible"_s, u"--base-url"_s, url});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        m_gone->enqueue("GET", "/v1/models",
                        ScriptedResponse::json(200,
                                               "{\"object\":\"list\",\"data\":[{\"id\":\"b-model\"},{\"id\":"
                                               "\"a-model\"}]}"));
        r = run({u"models"_s, u"--profile"_s, m_local});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QCOMPARE(r.out, QByteArray("a-model\nb-model\n"));
        QVERIFY(!m_gone->lastRequest().hasHeader("authorization"));
        QVERIFY(QFile::exists(folder(u".cache/Confab/models/%1.json"_s.arg(m_local))));

        m_gone.reset(); // the server is gone: the cached list, with a warning
        r = run({u"models"_s, u"--profile"_s, m_local});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QCOMPARE(r.out, QByteArray("a-model\nb-model\n"));
        QVERIFY2(r.errLine().contains(u"these are the models it listed on"), r.err.constData());
    }

    void editAProfile()
    {
        CliRun r = run({u"profiles"_s, u"edit"_s, u"OpenAI"_s, u"--model"_s, u"gpt-edited"_s});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        r = run(
            {u"profiles"_s, u"edit"_s, m_local, u"--header"_s, u"X-One: 1"_s, u"--header"_s, u"X-Two: 2"_s});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        r = run({u"profiles"_s, u"list"_s, u"--json"_s});
        const QJsonArray profiles = QJsonDocument::fromJson(r.out).array();
        QCOMPARE(profiles.at(0).toObject().value(u"defaultModel").toString(), u"gpt-edited"_s);
        QCOMPARE(profiles.size(), 3); // openai, then by name: keys-…, local-…
        QCOMPARE(profiles.at(2).toObject().value(u"name").toString(), m_local);
        QCOMPARE(profiles.at(2).toObject().value(u"headers").toArray().size(), 2);

        r = run({u"profiles"_s, u"edit"_s, m_local, u"--header"_s, u"Authorization: Bearer x"_s});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.errLine().contains(u"key set"));
        r = run({u"profiles"_s, u"edit"_s, m_local, u"--kind"_s, u"gemini"_s});
        QCOMPARE(r.exitCode, 2);
        QCOMPARE(run({u"profiles"_s, u"edit"_s, u"nothere-"_s + m_suffix}).exitCode, 14);
        QCOMPARE(run({u"profiles"_s, u"edit"_s, u"openai"_s, u"--model"_s, QString()}).exitCode, 0);
    }

    void theDatabasePasswordGoesToTheKeychain()
    {
        CliRun r = run({u"key"_s, u"set"_s, u"--database"_s, m_databaseUrl}, m_password);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QString error;
        const auto config = DatabaseConfig::parse(m_databaseUrl, &error);
        QVERIFY(config);
        QCOMPARE(await(m_secrets.read(SecretStore::databaseKey(*config))).secret.toUtf8(), m_password);

        r = run({u"key"_s, u"set"_s, u"--database"_s, u"postgresql://confab:inline@127.0.0.1/db"_s}, "x");
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.errLine().contains(u"holds a password"));
        QVERIFY(!r.err.contains("inline"));

        r = run({u"key"_s, u"rm"_s, u"--database"_s, m_databaseUrl});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QCOMPARE(await(m_secrets.read(SecretStore::databaseKey(*config))).error.kind,
                 SecretError::Kind::NotFound);
    }

    // It works, but other users see it in the process list: said on stderr, and the whole user
    // info is masked in every message, whatever the password holds.
    void aDatabasePasswordOnTheCommandLineIsWarnedAndMasked()
    {
        const QString port = QString::number(ScriptedServer::unusedPort());
        const QString password = QString::fromUtf8(m_password);
        for (const QString &url :
             {u"postgresql://confab:%1@127.0.0.1:%2/db"_s.arg(password, port),
              u"postgresql://confab:a?%1@127.0.0.1:%2/db"_s.arg(password, port),
              u"postgresql://confab:a#%1@127.0.0.1:%2/db?connect_timeout=2"_s.arg(password, port)}) {
            const CliRun r = run({u"list"_s, u"--database"_s, url});
            QVERIFY2(r.exitCode != 0, r.err.constData());
            const QString err = QString::fromUtf8(r.err);
            QVERIFY2(
                err.startsWith(u"confab-cli: warning: the password in --database can be read by other users"),
                r.err.constData());
            QVERIFY2(err.contains(u"confab-cli key set --database") && err.contains(u"PGPASSWORD"),
                     r.err.constData());
            QVERIFY2(!r.err.contains(m_password), r.err.constData());
        }
        const CliRun quiet =
            run({u"list"_s, u"--database"_s, u"postgresql://confab@127.0.0.1:%1/db"_s.arg(port)});
        QVERIFY(quiet.exitCode != 0);
        QVERIFY2(!quiet.err.contains("warning"), quiet.err.constData());
    }

    // User info in --base-url never reaches a request, the settings or the model cache.
    void aBaseUrlWithUserInfoIsRefused()
    {
        QUrl url = m_server->baseUrl();
        url.setUserInfo(u"me:"_s + QString::fromUtf8(m_password));
        const qsizetype before = m_server->requestCount();
        const CliRun r = run({u"models"_s, u"--profile"_s, m_local, u"--base-url"_s, url.toString()});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.errLine().contains(u"user name or password"), r.err.constData());
        QVERIFY(!r.err.contains(m_password));
        QCOMPARE(m_server->requestCount(), before);
    }

    void noKeychainIsSaidPlainly()
    {
        QTemporaryDir dir;
        QProcessEnvironment env = m_env;
        env.insert(u"DBUS_SESSION_BUS_ADDRESS"_s, u"unix:path="_s + dir.filePath(u"no-bus"_s));
        CliRun r = run({u"key"_s, u"set"_s, m_profile}, "sk-never-stored", env);
        QCOMPARE(r.exitCode, 15);
        QVERIFY2(r.errLine().contains(u"no keychain can be reached"), r.err.constData());
        r = run({u"ask"_s, u"--no-save"_s, u"--profile"_s, m_profile, u"hi"_s}, {}, env);
        QCOMPARE(r.exitCode, 15);
        QVERIFY2(r.errLine().contains(u"OPENAI_API_KEY"), r.err.constData());
        QVERIFY(!r.err.contains("sk-never-stored"));
    }

    void withoutItsKeyAskFailsClearly()
    {
        const qsizetype before = m_server->requestCount();
        CliRun r = run({u"key"_s, u"rm"_s, m_profile});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QCOMPARE(await(m_secrets.read(SecretStore::providerKey(m_profile))).error.kind,
                 SecretError::Kind::NotFound);
        r = run({u"ask"_s, u"--no-save"_s, u"--profile"_s, m_profile, u"hi"_s});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.errLine().contains(u"no API key for profile '%1'"_s.arg(m_profile)), r.err.constData());
        QVERIFY(r.errLine().contains(u"confab-cli key set %1"_s.arg(m_profile)));
        QCOMPARE(m_server->requestCount(), before);
    }

    void removingAProfileRemovesItsKey()
    {
        QCOMPARE(run({u"key"_s, u"set"_s, m_local}, m_key).exitCode, 0);
        CliRun r = run({u"profiles"_s, u"rm"_s, m_local});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QCOMPARE(await(m_secrets.read(SecretStore::providerKey(m_local))).error.kind,
                 SecretError::Kind::NotFound);
        QVERIFY(!QFile::exists(folder(u".cache/Confab/models/%1.json"_s.arg(m_local))));
        QCOMPARE(run({u"profiles"_s, u"rm"_s, m_local}).exitCode, 14);
        r = run({u"profiles"_s, u"rm"_s, u"openai"_s});
        QCOMPARE(r.exitCode, 2);
        QCOMPARE(run({u"profiles"_s, u"rm"_s, m_profile}).exitCode, 0);
        r = run({u"profiles"_s, u"add"_s, u"x"_s, u"--kind"_s, u"openai-compatible"_s, u"--base-url"_s,
                 u"http://127.0.0.1:1/v1"_s, u"--header"_s, u"x-api-key: "_s + QString::fromUtf8(m_key)});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.errLine().contains(u"key set"));
    }

    void cleanupTestCase()
    {
        for (const QString &key : {SecretStore::providerKey(m_profile), SecretStore::providerKey(m_local)})
            await(m_secrets.remove(key));

        // The key and the password appear in no file the runs wrote and in no output.
        QStringList files;
        QDirIterator it(m_home.path(), QDir::Files | QDir::Hidden | QDir::System,
                        QDirIterator::Subdirectories);
        while (it.hasNext())
            files.append(it.next());
        QVERIFY2(files.contains(folder(u".config/Confab/Confab.conf"_s)), qPrintable(files.join(u", ")));
        QVERIFY2(files.contains(folder(u".local/share/Confab/history.sqlite"_s)),
                 qPrintable(files.join(u", ")));
        for (const QString &path : std::as_const(files)) {
            QFile file(path);
            QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(path));
            const QByteArray bytes = file.readAll();
            for (const QByteArray &secret : {m_key, m_password}) {
                QVERIFY2(!bytes.contains(secret), qPrintable(path));
                QVERIFY2(!bytes.contains(QByteArray::fromRawData(
                             reinterpret_cast<const char *>(QString::fromUtf8(secret).utf16()),
                             secret.size() * 2)),
                         qPrintable(path));
            }
        }
        QVERIFY(m_outputs.size() > 20);
        for (const QByteArray &output : std::as_const(m_outputs)) {
            QVERIFY2(!output.contains(m_key), output.constData());
            QVERIFY2(!output.contains(m_password), output.constData());
        }
    }
};

QTEST_GUILESS_MAIN(TestCliKeys)
#include "tst_clikeys.moc"
