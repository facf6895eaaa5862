// SPDX-License-Identifier: GPL-3.0-or-later
// DatabasePassword: the keychain's PostgreSQL password fills in only what the URL and
// $PGPASSWORD left empty (the real keyring of the test session).
#include "databaseconfig.h"
#include "databasepassword.h"
#include "secretstore.h"

#include <QFutureWatcher>
#include <QSignalSpy>
#include <QTest>
#include <QUuid>

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

DatabaseConfig parse(const QString &url)
{
    QString error;
    const std::optional<DatabaseConfig> config = DatabaseConfig::parse(url, &error);
    if (!config)
        qWarning("%s", qPrintable(error));
    return config.value_or(DatabaseConfig{});
}
} // namespace

class TestDatabasePassword : public QObject
{
    Q_OBJECT

private:
    SecretStore m_secrets{u"Confab-test-"_s + QUuid::createUuid().toString(QUuid::Id128).left(12)};
    const DatabaseConfig m_config = parse(u"postgresql://confab@db.example.org:5433/history"_s);

private Q_SLOTS:
    void initTestCase()
    {
        const SecretError error =
            await(m_secrets.write(SecretStore::databaseKey(m_config), u"from-keychain"_s));
        QVERIFY2(!error.isError(), qPrintable(error.message));
    }

    void cleanupTestCase() { await(m_secrets.remove(SecretStore::databaseKey(m_config))); }

    void fillsAMissingPassword()
    {
        QCOMPARE(await(DatabasePassword::fill(m_config, &m_secrets)).password, u"from-keychain"_s);
    }

    void theUrlAndPgPasswordWin()
    {
        DatabaseConfig given = m_config;
        given.password = u"from-url"_s; // or $PGPASSWORD, which DatabaseConfig::resolve applies first
        QCOMPARE(await(DatabasePassword::fill(given, &m_secrets)).password, u"from-url"_s);
    }

    void anotherServerHasNone()
    {
        const DatabaseConfig other = parse(u"postgresql://confab@db.example.org:5432/history"_s);
        QVERIFY(await(DatabasePassword::fill(other, &m_secrets)).password.isEmpty());
        const DatabaseConfig sqlite = parse(u"/tmp/history.sqlite"_s);
        QCOMPARE(await(DatabasePassword::fill(sqlite, &m_secrets)).sqlitePath, sqlite.sqlitePath);
    }
};

QTEST_GUILESS_MAIN(TestDatabasePassword)
#include "tst_databasepassword.moc"
