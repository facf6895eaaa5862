// SPDX-License-Identifier: GPL-3.0-or-later
#include "database.h"
#include "databaseconfig.h"
#include "storageerror.h"
#include "testdatabases.h"

#include <QDir>
#include <QStandardPaths>
#include <QTest>

using Backend = DatabaseConfig::Backend;
using namespace Qt::StringLiterals;

namespace {
const QString secret = QStringLiteral("Sup3r:S3cret/pw");
const QString secretEncoded = QStringLiteral("Sup3r%3AS3cret%2Fpw");
} // namespace

class TestDatabaseConfig : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setApplicationName(QStringLiteral("ConfabTest"));
    }
    void init() { clearEnvironment(); }
    void cleanup() { clearEnvironment(); }

    void parsePostgres_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("host");
        QTest::addColumn<int>("port");
        QTest::addColumn<QString>("user");
        QTest::addColumn<QString>("password");
        QTest::addColumn<QString>("database");
        QTest::addColumn<QString>("options");

        QTest::newRow("full")
            << QStringLiteral("postgresql://alice:%1@db.example.com:6543/history").arg(secretEncoded)
            << QStringLiteral("db.example.com") << 6543 << QStringLiteral("alice") << secret
            << QStringLiteral("history") << QString();
        QTest::newRow("postgres scheme, default port, no password")
            << QStringLiteral("postgres://bob@localhost/confab") << QStringLiteral("localhost") << 5432
            << QStringLiteral("bob") << QString() << QStringLiteral("confab") << QString();
        QTest::newRow("upper-case scheme")
            << QStringLiteral("POSTGRESQL://bob@h/db") << QStringLiteral("h") << 5432 << QStringLiteral("bob")
            << QString() << QStringLiteral("db") << QString();
        QTest::newRow("no user") << QStringLiteral("postgresql://h:5433/db") << QStringLiteral("h") << 5433
                                 << QString() << QString() << QStringLiteral("db") << QString();
        QTest::newRow("ipv6") << QStringLiteral("postgresql://u:p@[::1]:5433/db") << QStringLiteral("::1")
                              << 5433 << QStringLiteral("u") << QStringLiteral("p") << QStringLiteral("db")
                              << QString();
        QTest::newRow("percent-encoded user, password and name")
            << QStringLiteral("postgresql://j%C3%BCrgen%40corp:p%40ss%20word@h/my%20db")
            << QStringLiteral("h") << 5432 << QStringLiteral("jürgen@corp") << QStringLiteral("p@ss word")
            << QStringLiteral("my db") << QString();
        QTest::newRow("parameters")
            << QStringLiteral(
                   "postgresql://u@h/db?sslmode=require&connect_timeout=10&application_name=Confab%20Desk")
            << QStringLiteral("h") << 5432 << QStringLiteral("u") << QString() << QStringLiteral("db")
            << QStringLiteral("sslmode=require;connect_timeout=10;application_name='Confab Desk'");
        QTest::newRow("socket folder") << QStringLiteral("postgresql:///db?host=/var/run/postgresql")
                                       << QStringLiteral("/var/run/postgresql") << 5432 << QString()
                                       << QString() << QStringLiteral("db") << QString();
    }

    void parsePostgres()
    {
        QFETCH(QString, url);
        QString error;
        const std::optional<DatabaseConfig> config = DatabaseConfig::parse(url, &error);
        QVERIFY2(config, qPrintable(error));
        QCOMPARE(config->backend, Backend::Postgres);
        QTEST(config->host, "host");
        QTEST(config->port, "port");
        QTEST(config->user, "user");
        QTEST(config->password, "password");
        QTEST(config->databaseName, "database");
        QTEST(config->connectOptions, "options");
    }

    void parseSqlite_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("path");

        const QString absolute = QDir::cleanPath(QDir::tempPath() + QStringLiteral("/confab/history.sqlite"));
        QTest::newRow("absolute") << absolute << absolute;
        QTest::newRow("absolute with spaces around") << u"  "_s + absolute + u" "_s << absolute;
        QTest::newRow("relative") << QStringLiteral("data/h.sqlite")
                                  << QDir::cleanPath(
                                         QDir::current().absoluteFilePath(QStringLiteral("data/h.sqlite")));
        QTest::newRow("dot-dot") << QStringLiteral("a/../b.sqlite")
                                 << QDir::cleanPath(
                                        QDir::current().absoluteFilePath(QStringLiteral("b.sqlite")));
        QTest::newRow("file URL") << QUrl::fromLocalFile(absolute).toString() << absolute;
        QTest::newRow("file URL, encoded")
            << QStringLiteral("file:///tmp/my%20history.sqlite") << QStringLiteral("/tmp/my history.sqlite");
        QTest::newRow("home") << QStringLiteral("~/h.sqlite")
                              << QDir::homePath() + QStringLiteral("/h.sqlite");
    }

    void parseSqlite()
    {
        QFETCH(QString, text);
        QString error;
        const std::optional<DatabaseConfig> config = DatabaseConfig::parse(text, &error);
        QVERIFY2(config, qPrintable(error));
        QCOMPARE(config->backend, Backend::Sqlite);
        QTEST(config->sqlitePath, "path");
        QVERIFY(QDir::isAbsolutePath(config->sqlitePath));
    }

    void parseErrors_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("says");

        const QString auth = QStringLiteral("postgresql://u:%1@").arg(secretEncoded);
        QTest::newRow("empty") << QString() << QStringLiteral("invalid database URL ''");
        QTest::newRow("blank") << QStringLiteral("   ") << QStringLiteral("invalid database URL ''");
        QTest::newRow("no database name") << auth + u"h"_s << QStringLiteral("database name is missing");
        QTest::newRow("no database name, slash")
            << auth + u"h:5432/"_s << QStringLiteral("database name is missing");
        QTest::newRow("unknown parameter")
            << auth + u"h/db?colour=blue"_s << QStringLiteral("unknown parameter 'colour'");
        QTest::newRow("bad sslmode") << auth + u"h/db?sslmode=always"_s << QStringLiteral("sslmode 'always'");
        QTest::newRow("bad timeout") << auth + u"h/db?connect_timeout=soon"_s
                                     << QStringLiteral("connect_timeout must be a whole number");
        QTest::newRow("port not a number")
            << auth + u"h:fivefour/db"_s << QStringLiteral("the port 'fivefour'");
        QTest::newRow("port too big") << auth + u"h:99999/db"_s << QStringLiteral("the port '99999'");
        QTest::newRow("port zero") << auth + u"h:0/db"_s << QStringLiteral("the port '0'");
        QTest::newRow("other scheme") << QStringLiteral("mysql://u:%1@h/db").arg(secretEncoded)
                                      << QStringLiteral("the scheme 'mysql' is not supported");
        QTest::newRow("password with raw slash") << QStringLiteral("postgresql://u:%1@h/db?x=1").arg(secret)
                                                 << QStringLiteral("invalid database URL");
        // A raw '?' or '#' would end the user info by the URL rules: the password must stay
        // hidden all the same, also from what would be quoted as the port.
        QTest::newRow("password with raw question mark")
            << QStringLiteral("postgresql://u:S3cret?x@h/db") << QStringLiteral("percent-encode");
        QTest::newRow("password with raw hash")
            << QStringLiteral("postgresql://u:pw#S3cret@h/db") << QStringLiteral("percent-encode");
        QTest::newRow("password starting with a question mark")
            << QStringLiteral("postgresql://u:?S3cret@h/db") << QStringLiteral("invalid database URL");
        QTest::newRow("a folder") << QDir::tempPath() << QStringLiteral("it is a folder");
        QTest::newRow("file URL with query") << QStringLiteral("file:///tmp/h.sqlite?mode=ro")
                                             << QStringLiteral("query parameters are not supported");
    }

    void parseErrors()
    {
        QFETCH(QString, text);
        QFETCH(QString, says);
        QString error;
        QVERIFY(!DatabaseConfig::parse(text, &error));
        QVERIFY2(error.contains(says), qPrintable(error));
        QVERIFY2(error.startsWith(u"invalid database"), qPrintable(error));
        QVERIFY2(!error.contains(u"S3cret"), qPrintable(error));
    }

    void displayNameHidesPassword()
    {
        QString error;
        const auto config = DatabaseConfig::parse(
            QStringLiteral("postgresql://alice:%1@db.example.com:6543/history?sslmode=require")
                .arg(secretEncoded),
            &error);
        QVERIFY2(config, qPrintable(error));
        QCOMPARE(config->displayName(),
                 QStringLiteral("postgresql://alice@db.example.com:6543/history?sslmode=require"));
        QVERIFY(!config->displayName().contains(u"S3cret"));

        const auto ipv6 = DatabaseConfig::parse(QStringLiteral("postgresql://u:pw@[::1]/db"), &error);
        QVERIFY2(ipv6, qPrintable(error));
        QCOMPARE(ipv6->displayName(), QStringLiteral("postgresql://u@[::1]:5432/db"));

        // What displayName() gives parses back to the same place.
        const auto again = DatabaseConfig::parse(config->displayName(), &error);
        QVERIFY2(again, qPrintable(error));
        QCOMPARE(again->host, config->host);
        QCOMPARE(again->port, config->port);
        QCOMPARE(again->user, config->user);
        QCOMPARE(again->databaseName, config->databaseName);
        QCOMPARE(again->connectOptions, config->connectOptions);
        QVERIFY(again->password.isEmpty());

        const auto file = DatabaseConfig::parse(QStringLiteral("/tmp/h.sqlite"), &error);
        QVERIFY2(file, qPrintable(error));
        QCOMPARE(file->displayName(), QDir::toNativeSeparators(QStringLiteral("/tmp/h.sqlite")));
    }

    void defaultSqlite()
    {
        const DatabaseConfig config = DatabaseConfig::defaultSqlite();
        QCOMPARE(config.backend, Backend::Sqlite);
        // One file for confab and confab-cli, whatever the application's name.
        QCOMPARE(config.sqlitePath, QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) +
                                        QStringLiteral("/Confab/history.sqlite"));
    }

    void resolveOrder()
    {
        const QString commandLine = QStringLiteral("/tmp/from-command-line.sqlite");
        const QString environment = QStringLiteral("/tmp/from-environment.sqlite");
        const QString setting = QStringLiteral("/tmp/from-setting.sqlite");
        QString error;

        auto resolved = [&](const QString &line, const QString &set) {
            const std::optional<DatabaseConfig> config = DatabaseConfig::resolve(line, set, &error);
            return config ? config->sqlitePath : QStringLiteral("error: ") + error;
        };

        QCOMPARE(resolved({}, {}), DatabaseConfig::defaultSqlite().sqlitePath);
        QCOMPARE(resolved({}, setting), setting);
        qputenv("CONFAB_DATABASE", environment.toUtf8());
        QCOMPARE(resolved({}, setting), environment);
        QCOMPARE(resolved(commandLine, setting), commandLine);
        qputenv("CONFAB_DATABASE", "");
        QCOMPARE(resolved({}, setting), setting); // an empty variable is no choice
    }

    void resolveErrorSaysWhere()
    {
        QString error;
        qputenv("CONFAB_DATABASE", QStringLiteral("postgresql://u:%1@h").arg(secretEncoded).toUtf8());
        QVERIFY(!DatabaseConfig::resolve({}, QStringLiteral("/tmp/ok.sqlite"), &error));
        QVERIFY2(error.contains(u"$CONFAB_DATABASE"), qPrintable(error));
        QVERIFY2(!error.contains(u"S3cret"), qPrintable(error));

        QVERIFY(!DatabaseConfig::resolve(QStringLiteral("postgresql://h"), {}, &error));
        QVERIFY2(error.contains(u"--database"), qPrintable(error));
    }

    void resolvePasswordFromEnvironment()
    {
        QString error;
        qputenv("PGPASSWORD", "from-pgpassword");
        auto config = DatabaseConfig::resolve(QStringLiteral("postgresql://u@h/db"), {}, &error);
        QVERIFY2(config, qPrintable(error));
        QCOMPARE(config->password, QStringLiteral("from-pgpassword"));
        QVERIFY(!config->displayName().contains(u"from-pgpassword"));

        // A password in the URL wins.
        config = DatabaseConfig::resolve(QStringLiteral("postgresql://u:given@h/db"), {}, &error);
        QVERIFY2(config, qPrintable(error));
        QCOMPARE(config->password, QStringLiteral("given"));

        // A SQLite file has no password.
        config = DatabaseConfig::resolve(QStringLiteral("/tmp/h.sqlite"), {}, &error);
        QVERIFY2(config, qPrintable(error));
        QVERIFY(config->password.isEmpty());
    }

    void userInfoIsMaskedWhateverThePasswordHolds_data()
    {
        QTest::addColumn<QString>("url");
        QTest::newRow("'?' in the password") << QStringLiteral("postgresql://alice:pa?S3cret@h/db");
        QTest::newRow("'#' in the password") << QStringLiteral("postgresql://alice:pa#S3cret@h/db");
        QTest::newRow("both, and a query")
            << QStringLiteral("postgresql://alice:S3cret?x#y@h/db?colour=blue");
        QTest::newRow("'/' and '?'") << QStringLiteral("postgresql://alice:a/b?S3cret@h:5432/db");
        QTest::newRow("'@' and '#'") << QStringLiteral("postgresql://alice:a@b#S3cret@h/db");
    }

    void userInfoIsMaskedWhateverThePasswordHolds()
    {
        QFETCH(QString, url);
        QString error;
        QString warning;
        QVERIFY(!DatabaseConfig::resolve(url, {}, &error, &warning));
        QVERIFY2(error.startsWith(u"invalid database URL 'postgresql://***@"), qPrintable(error));
        QVERIFY2(!error.contains(u"S3cret") && !error.contains(u"alice"), qPrintable(error));
        QVERIFY2(!warning.contains(u"S3cret"), qPrintable(warning));
    }

    void passwordOnTheCommandLineIsWarned()
    {
        QString error;
        QString warning;
        QVERIFY(DatabaseConfig::resolve(QStringLiteral("postgresql://u:pw@h/db"), {}, &error, &warning));
        QVERIFY2(warning.contains(u"process list") && warning.contains(u"history") &&
                     warning.contains(u"confab-cli key set --database") && warning.contains(u"PGPASSWORD"),
                 qPrintable(warning));
        QVERIFY2(!warning.contains(u"pw@"), qPrintable(warning));
        // A password that makes the URL invalid is on the command line all the same.
        QVERIFY(!DatabaseConfig::resolve(QStringLiteral("postgresql://u:p?w@h/db"), {}, &error, &warning));
        QVERIFY(!warning.isEmpty());

        for (const QString &quiet : {QStringLiteral("postgresql://u@h/db"), QStringLiteral("/tmp/h.sqlite"),
                                     QStringLiteral("postgresql://h/db?application_name=a:b@c")}) {
            warning = u"stale"_s;
            QVERIFY(DatabaseConfig::resolve(quiet, {}, &error, &warning));
            QVERIFY2(warning.isEmpty(), qPrintable(quiet));
        }
        // $CONFAB_DATABASE is not on the command line (and only its owner can read it).
        qputenv("CONFAB_DATABASE", "postgresql://u:pw@h/db");
        QVERIFY(DatabaseConfig::resolve({}, {}, &error, &warning));
        QVERIFY(warning.isEmpty());
    }

    void remoteServersDefaultToVerifiedTls_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("options");
        const QString verify = QStringLiteral("sslmode=verify-full");
        QTest::newRow("a name") << QStringLiteral("postgresql://u@db.example.com/h") << verify;
        QTest::newRow("an address") << QStringLiteral("postgresql://u@192.168.1.20:5433/h") << verify;
        QTest::newRow("IPv6") << QStringLiteral("postgresql://u@[2001:db8::1]/h") << verify;
        QTest::newRow("a name that starts with 127")
            << QStringLiteral("postgresql://u@127.example.com/h") << verify;
        QTest::newRow("other options kept")
            << QStringLiteral("postgresql://u@db.example.com/h?connect_timeout=5")
            << QStringLiteral("connect_timeout=5;sslmode=verify-full");
        QTest::newRow("the URL's mode wins")
            << QStringLiteral("postgresql://u@db.example.com/h?sslmode=require")
            << QStringLiteral("sslmode=require");
        QTest::newRow("even disable") << QStringLiteral("postgresql://u@10.0.0.5/h?sslmode=disable")
                                      << QStringLiteral("sslmode=disable");
        QTest::newRow("localhost") << QStringLiteral("postgresql://u@localhost/h") << QString();
        QTest::newRow("127.0.0.1") << QStringLiteral("postgresql://u@127.0.0.1:41409/h") << QString();
        QTest::newRow("127.1.2.3") << QStringLiteral("postgresql://u@127.1.2.3/h") << QString();
        QTest::newRow("::1") << QStringLiteral("postgresql://u@[::1]/h") << QString();
        QTest::newRow("socket folder")
            << QStringLiteral("postgresql:///h?host=/var/run/postgresql") << QString();
        QTest::newRow("default socket") << QStringLiteral("postgresql:///h") << QString();
    }

    void remoteServersDefaultToVerifiedTls()
    {
        QFETCH(QString, url);
        QFETCH(QString, options);
        QString error;
        const std::optional<DatabaseConfig> config = DatabaseConfig::parse(url, &error);
        QVERIFY2(config, qPrintable(error));
        QCOMPARE(config->postgresConnectOptions(), options);
    }

    // The test server on loopback has no TLS: a URL that asks for it hears why it cannot have it.
    void serverWithoutTlsSaysSo()
    {
        const QString base = TestDatabases::postgresUrl();
        QVERIFY2(!base.isEmpty(), "CONFAB_TEST_POSTGRES_URL is not set: run the tests with scripts/test.sh");
        QString error;
        const std::optional<DatabaseConfig> config = DatabaseConfig::parse(
            base + (base.contains(u'?') ? u"&"_s : u"?"_s) + u"sslmode=require"_s, &error);
        QVERIFY2(config, qPrintable(error));
        Database database(*config);
        const StorageError opened = database.open();
        QCOMPARE(opened.kind, StorageError::Kind::Invalid);
        QVERIFY2(opened.message.contains(u"cannot do TLS") && opened.message.contains(u"sslmode=require") &&
                     opened.message.contains(u"?sslmode=prefer") &&
                     opened.message.contains(u"docs/storage.md"),
                 qPrintable(opened.message));
        QVERIFY(!opened.message.contains(config->password));
    }

private:
    static void clearEnvironment()
    {
        qunsetenv("CONFAB_DATABASE");
        qunsetenv("PGPASSWORD");
    }
};

QTEST_GUILESS_MAIN(TestDatabaseConfig)
#include "tst_databaseconfig.moc"
