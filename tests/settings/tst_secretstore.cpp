// SPDX-License-Identifier: GPL-3.0-or-later
// SecretStore against the real keyring daemon of the test session (gnome-keyring on D-Bus), and
// in a child process whose session bus is a dead socket.
#include "databaseconfig.h"
#include "secretstore.h"
#include "sessionsecrets.h"

#include <QCoreApplication>
#include <QFutureWatcher>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

#include <cstdio>

namespace {

template<typename T> T await(const QFuture<T> &future)
{
    QFutureWatcher<T> watcher;
    QSignalSpy done(&watcher, &QFutureWatcherBase::finished);
    watcher.setFuture(future);
    if (!future.isFinished() && !done.wait(20000))
        qWarning("the keychain did not answer within 20 s");
    return future.result();
}

QString uniqueService()
{
    return QStringLiteral("Confab-test-") + QUuid::createUuid().toString(QUuid::Id128).left(12);
}

// In the child process: one read and one write, printed as "<kind>|<message>" lines.
int childMain(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    SecretStore store(uniqueService());
    const SecretResult read = await(store.read(SecretStore::providerKey(QStringLiteral("openai"))));
    const SecretError written =
        await(store.write(QStringLiteral("provider/child"), QStringLiteral("sk-child")));
    const SecretError probed = await(store.probe());
    for (const SecretError &error : {read.error, written, probed})
        std::printf("%d|%s\n", int(error.kind), qPrintable(error.message));
    return 0;
}

} // namespace

class TestSecretStore : public QObject
{
    Q_OBJECT

private:
    SecretStore *m_store = nullptr;
    QStringList m_written;

    void writeKey(const QString &key, const QString &secret)
    {
        m_written.append(key);
        const SecretError error = await(m_store->write(key, secret));
        QVERIFY2(!error.isError(), qPrintable(error.message));
    }

private Q_SLOTS:
    void init() { m_store = new SecretStore(uniqueService(), this); }

    void cleanup()
    {
        for (const QString &key : std::as_const(m_written))
            await(m_store->remove(key));
        m_written.clear();
        delete m_store;
        m_store = nullptr;
    }

    void keyNames()
    {
        QCOMPARE(SecretStore::providerKey(QStringLiteral(" OpenRouter ")),
                 QStringLiteral("provider/openrouter"));
        DatabaseConfig config;
        config.backend = DatabaseConfig::Backend::Postgres;
        config.user = QStringLiteral("confab");
        config.host = QStringLiteral("db.example.org");
        config.port = 5433;
        config.databaseName = QStringLiteral("history");
        QCOMPARE(SecretStore::databaseKey(config),
                 QStringLiteral("postgresql/confab@db.example.org:5433/history"));
        config.host = QStringLiteral("::1");
        QCOMPARE(SecretStore::databaseKey(config), QStringLiteral("postgresql/confab@[::1]:5433/history"));
    }

    void probeFindsTheKeyring()
    {
        const SecretError error = await(m_store->probe());
        QVERIFY2(!error.isError(), qPrintable(error.message));
    }

    void setReadReplaceDelete()
    {
        const QString key = SecretStore::providerKey(QStringLiteral("test"));
        writeKey(key, QStringLiteral("sk-first-✓"));
        SecretResult read = await(m_store->read(key));
        QVERIFY2(read.ok(), qPrintable(read.error.message));
        QCOMPARE(read.secret, QStringLiteral("sk-first-✓"));

        writeKey(key, QStringLiteral("sk-second"));
        read = await(m_store->read(key));
        QVERIFY(read.ok());
        QCOMPARE(read.secret, QStringLiteral("sk-second"));

        const SecretError removed = await(m_store->remove(key));
        QVERIFY2(!removed.isError(), qPrintable(removed.message));
        read = await(m_store->read(key));
        QCOMPARE(read.error.kind, SecretError::Kind::NotFound);
        QVERIFY(read.secret.isEmpty());
    }

    void entriesAreSeparatePerKeyAndService()
    {
        writeKey(QStringLiteral("provider/a"), QStringLiteral("key-a"));
        writeKey(QStringLiteral("provider/b"), QStringLiteral("key-b"));
        QCOMPARE(await(m_store->read(QStringLiteral("provider/a"))).secret, QStringLiteral("key-a"));
        QCOMPARE(await(m_store->read(QStringLiteral("provider/b"))).secret, QStringLiteral("key-b"));
        SecretStore other(uniqueService());
        QCOMPARE(await(other.read(QStringLiteral("provider/a"))).error.kind, SecretError::Kind::NotFound);
    }

    void missingKey()
    {
        const SecretResult read = await(m_store->read(QStringLiteral("provider/never-stored")));
        QCOMPARE(read.error.kind, SecretError::Kind::NotFound);
        QVERIFY(read.error.message.contains(u"provider/never-stored"));
        // Removing what is not there is no error, on every keychain.
        QCOMPARE(await(m_store->remove(QStringLiteral("provider/never-stored"))).kind,
                 SecretError::Kind::None);
    }

    void aFutureOutlivesItsStore()
    {
        const QString key = QStringLiteral("provider/outlives");
        writeKey(key, QStringLiteral("sk-outlives"));
        auto *store = new SecretStore(m_store->service());
        const QFuture<SecretResult> future = store->read(key);
        delete store;
        QCOMPARE(await(future).secret, QStringLiteral("sk-outlives"));
    }

    void noKeychainIsSaidPlainly_data()
    {
        QTest::addColumn<bool>("deadBus");
        QTest::newRow("a bus address nothing listens on") << true;
        QTest::newRow("no bus and no display") << false;
    }

    void noKeychainIsSaidPlainly()
    {
        QFETCH(bool, deadBus);
        QTemporaryDir dir;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("CONFAB_SECRETSTORE_CHILD"), QStringLiteral("1"));
        if (deadBus) {
            env.insert(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"),
                       QStringLiteral("unix:path=") + dir.filePath(QStringLiteral("no-bus")));
        } else {
            env.remove(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"));
            env.remove(QStringLiteral("DISPLAY"));
        }
        QProcess child;
        child.setProcessEnvironment(env);
        child.start(QCoreApplication::applicationFilePath(), {});
        QVERIFY(child.waitForFinished(60000));
        const QString out = QString::fromUtf8(child.readAllStandardOutput());
        const QStringList lines = out.split(u'\n', Qt::SkipEmptyParts);
        QVERIFY2(lines.size() == 3, qPrintable(out + QString::fromUtf8(child.readAllStandardError())));
        for (const QString &line : lines) {
            QVERIFY2(line.startsWith(QString::number(int(SecretError::Kind::NoKeychain)) + u'|'),
                     qPrintable(line));
            QVERIFY2(line.contains(u"no keychain can be reached"), qPrintable(line));
            QVERIFY2(line.contains(u"gnome-keyring"), qPrintable(line));
            QVERIFY2(line.contains(u"this session only"), qPrintable(line));
        }
        QVERIFY(!out.contains(u"sk-child"));
    }

    void sessionSecretsStayInMemory()
    {
        SessionSecrets secrets;
        QSignalSpy changed(&secrets, &SessionSecrets::changed);
        QVERIFY(!secrets.value(QStringLiteral("provider/x")));
        secrets.set(QStringLiteral("provider/x"), QStringLiteral("sk-session"));
        QCOMPARE(secrets.value(QStringLiteral("provider/x")).value_or(QString()),
                 QStringLiteral("sk-session"));
        QVERIFY(secrets.contains(QStringLiteral("provider/x")));
        secrets.set(QStringLiteral("provider/x"), QStringLiteral("sk-other"));
        QCOMPARE(*secrets.value(QStringLiteral("provider/x")), QStringLiteral("sk-other"));
        secrets.remove(QStringLiteral("provider/x"));
        QVERIFY(!secrets.contains(QStringLiteral("provider/x")));
        QCOMPARE(changed.size(), 3);
        secrets.set(QStringLiteral("a"), QStringLiteral("1"));
        secrets.set(QStringLiteral("b"), QStringLiteral("2"));
        secrets.clear();
        QVERIFY(!secrets.contains(QStringLiteral("a")) && !secrets.contains(QStringLiteral("b")));
    }
};

int main(int argc, char *argv[])
{
    if (qEnvironmentVariableIsSet("CONFAB_SECRETSTORE_CHILD"))
        return childMain(argc, argv);
    QCoreApplication app(argc, argv);
    TestSecretStore test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_secretstore.moc"
