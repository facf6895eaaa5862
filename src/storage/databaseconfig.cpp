// SPDX-License-Identifier: GPL-3.0-or-later
#include "databaseconfig.h"

#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QStringList>
#include <QUrl>
#include <QUrlQuery>

namespace {

bool isPostgresUrl(const QString &text)
{
    return text.startsWith(u"postgresql://", Qt::CaseInsensitive) ||
           text.startsWith(u"postgres://", Qt::CaseInsensitive);
}

// The text as given, with the whole user info (if any) replaced, so that an error can quote
// it. A password may hold '?', '#', '/' or ':' unencoded, so the user info is taken to end at the
// last '@' anywhere: masking a little too much is the safe mistake.
QString withoutUserInfo(const QString &text)
{
    const qsizetype schemeEnd = text.indexOf(u"://");
    if (schemeEnd < 0)
        return text;
    const qsizetype start = schemeEnd + 3;
    const qsizetype at = text.lastIndexOf(u'@');
    if (at < start)
        return text;
    return text.left(start) + QStringLiteral("***") + text.mid(at);
}

QString invalidUrl(const QString &text, const QString &reason)
{
    return QStringLiteral("invalid database URL '%1': %2").arg(withoutUserInfo(text), reason);
}

// A value for a libpq connection string: quoted when it holds anything but plain characters.
QString conninfoValue(const QString &value)
{
    static const QRegularExpression plain(QStringLiteral("^[A-Za-z0-9_.:/+-]+$"));
    if (plain.match(value).hasMatch())
        return value;
    QString quoted = value;
    quoted.replace(u'\\', QStringLiteral("\\\\"));
    quoted.replace(u'\'', QStringLiteral("\\'"));
    return u'\'' + quoted + u'\'';
}

QString unquoteConninfoValue(const QString &value)
{
    if (value.size() < 2 || !value.startsWith(u'\'') || !value.endsWith(u'\''))
        return value;
    QString result;
    const QString inner = value.mid(1, value.size() - 2);
    for (qsizetype i = 0; i < inner.size(); ++i) {
        if (inner.at(i) == u'\\' && i + 1 < inner.size())
            ++i;
        result.append(inner.at(i));
    }
    return result;
}

// Checks one query parameter of a PostgreSQL URL; returns why it is wrong, or nothing.
QString checkParameter(const QString &key, const QString &value)
{
    static const QStringList known{
        QStringLiteral("sslmode"),
        QStringLiteral("connect_timeout"),
        QStringLiteral("application_name"),
        QStringLiteral("sslrootcert"),
        QStringLiteral("sslcert"),
        QStringLiteral("sslkey"),
        QStringLiteral("sslcrl"),
        QStringLiteral("target_session_attrs"),
        QStringLiteral("keepalives"),
        QStringLiteral("keepalives_idle"),
        QStringLiteral("keepalives_interval"),
        QStringLiteral("keepalives_count"),
        QStringLiteral("gssencmode"),
        QStringLiteral("channel_binding"),
        QStringLiteral("host"),
    };
    if (!known.contains(key)) {
        return QStringLiteral("unknown parameter '%1' (known: %2)")
            .arg(key, known.join(QStringLiteral(", ")));
    }
    if (value.contains(u';'))
        return QStringLiteral("the value of '%1' must not contain ';'").arg(key);
    if (key == u"sslmode") {
        static const QStringList modes{QStringLiteral("disable"),   QStringLiteral("allow"),
                                       QStringLiteral("prefer"),    QStringLiteral("require"),
                                       QStringLiteral("verify-ca"), QStringLiteral("verify-full")};
        if (!modes.contains(value))
            return QStringLiteral("sslmode '%1' is not one of %2")
                .arg(value, modes.join(QStringLiteral(", ")));
    }
    if (key == u"connect_timeout" || key.startsWith(u"keepalives")) {
        bool ok = false;
        const int number = value.toInt(&ok);
        if (!ok || number < 0)
            return QStringLiteral("%1 must be a whole number of seconds, not '%2'").arg(key, value);
    }
    return {};
}

std::optional<DatabaseConfig> parsePostgres(const QString &text, QString *error)
{
    // The user info ends at the last '@' before the query; a '/', '?' or '#' in it would make
    // the password spill into the host or path, so it must be percent-encoded.
    const qsizetype start = text.indexOf(u"://") + 3;
    qsizetype queryStart = text.size();
    for (const QChar stop : {u'?', u'#'}) {
        const qsizetype at = text.indexOf(stop, start);
        if (at >= 0 && at < queryStart)
            queryStart = at;
    }
    const qsizetype at = text.lastIndexOf(u'@', queryStart - 1);
    const qsizetype slash = text.indexOf(u'/', start);
    if (at >= start && slash >= 0 && slash < at) {
        *error =
            invalidUrl(text, QStringLiteral("the user name or password holds a '/': percent-encode it as %2F "
                                            "(and '?' as %3F, '#' as %23, '@' as %40)"));
        return std::nullopt;
    }
    // The port is checked by hand so that a bad one gets its own message.
    const qsizetype hostStart = at >= start ? at + 1 : start;
    qsizetype end = text.size();
    for (const QChar stop : {u'/', u'?', u'#'}) {
        const qsizetype stopAt = text.indexOf(stop, hostStart);
        if (stopAt >= 0 && stopAt < end)
            end = stopAt;
    }
    const QString hostPort = text.mid(hostStart, end - hostStart);
    const qsizetype bracket = hostPort.lastIndexOf(u']');
    const qsizetype portColon = hostPort.indexOf(u':', bracket < 0 ? 0 : bracket);
    if (portColon >= 0) {
        const QString portText = hostPort.mid(portColon + 1);
        bool ok = false;
        const int port = portText.toInt(&ok);
        if (!portText.isEmpty() && (!ok || port < 1 || port > 65535)) {
            // With an '@' further on, this "port" is most likely a password cut at its '?' or '#'.
            *error = text.indexOf(u'@', hostStart) >= 0
                         ? invalidUrl(text, QStringLiteral("the user name or password holds a '?' or '#': "
                                                           "percent-encode it (as %3F, %23; '@' as %40)"))
                         : invalidUrl(
                               text,
                               QStringLiteral("the port '%1' is not a number from 1 to 65535").arg(portText));
            return std::nullopt;
        }
    }

    const QUrl url(text, QUrl::TolerantMode);
    if (!url.isValid()) {
        // QUrl's own message quotes the whole URL, password included: say it in our words.
        *error = invalidUrl(text, QStringLiteral("it is not a valid URL; percent-encode special characters "
                                                 "in the user name and password (e.g. @ as %40)"));
        return std::nullopt;
    }

    DatabaseConfig config;
    config.backend = DatabaseConfig::Backend::Postgres;
    config.host = url.host(QUrl::FullyDecoded);
    config.port = url.port(5432);
    config.user = url.userName(QUrl::FullyDecoded);
    config.password = url.password(QUrl::FullyDecoded);
    QString path = url.path(QUrl::FullyDecoded);
    if (path.startsWith(u'/'))
        path.remove(0, 1);
    if (path.isEmpty()) {
        *error =
            invalidUrl(text, QStringLiteral("the database name is missing (postgresql://user@host/dbname)"));
        return std::nullopt;
    }
    if (path.contains(u'/')) {
        *error = invalidUrl(text, QStringLiteral("the database name must not contain '/'"));
        return std::nullopt;
    }
    config.databaseName = path;

    QStringList options;
    const QUrlQuery query(url);
    for (const auto &[key, value] : query.queryItems(QUrl::FullyDecoded)) {
        if (const QString why = checkParameter(key, value); !why.isEmpty()) {
            *error = invalidUrl(text, why);
            return std::nullopt;
        }
        if (key == u"host")
            config.host = value; // e.g. a Unix socket folder
        else
            options.append(key + u'=' + conninfoValue(value));
    }
    config.connectOptions = options.join(u';');
    return config;
}

std::optional<DatabaseConfig> parseSqlite(const QString &text, QString *error)
{
    QString path = text;
    if (text.startsWith(u"file:", Qt::CaseInsensitive)) {
        const QUrl url(text);
        if (!url.isValid() || !url.isLocalFile()) {
            *error = invalidUrl(
                text, QStringLiteral("a file: URL must name a local file (file:///path/history.sqlite)"));
            return std::nullopt;
        }
        if (url.hasQuery() || url.hasFragment()) {
            *error = invalidUrl(text, QStringLiteral("query parameters are not supported in a file: URL"));
            return std::nullopt;
        }
        path = url.toLocalFile();
    } else if (text == u"~" || text.startsWith(u"~/")) {
        path = QDir::homePath() + text.mid(1);
    }
    if (path.isEmpty()) {
        *error = invalidUrl(text, QStringLiteral("the file name is missing"));
        return std::nullopt;
    }

    DatabaseConfig config;
    config.backend = DatabaseConfig::Backend::Sqlite;
    if (path == u":memory:") {
        config.sqlitePath = path;
        return config;
    }
    const QFileInfo info(path);
    config.sqlitePath = QDir::cleanPath(info.absoluteFilePath());
    if (info.isDir()) {
        *error = QStringLiteral("invalid database path '%1': it is a folder; give a file name such as %2")
                     .arg(QDir::toNativeSeparators(config.sqlitePath),
                          QDir::toNativeSeparators(
                              QDir(config.sqlitePath).filePath(QStringLiteral("history.sqlite"))));
        return std::nullopt;
    }
    return config;
}

bool hasSslMode(const QString &connectOptions)
{
    for (const QString &option : connectOptions.split(u';', Qt::SkipEmptyParts)) {
        if (option.section(u'=', 0, 0).trimmed() == u"sslmode")
            return true;
    }
    return false;
}

} // namespace

std::optional<DatabaseConfig> DatabaseConfig::parse(const QString &urlOrPath, QString *error)
{
    QString scratch;
    if (!error)
        error = &scratch;
    const QString text = urlOrPath.trimmed();
    if (text.isEmpty()) {
        *error = QStringLiteral("invalid database URL '': give a PostgreSQL URL or a SQLite file path");
        return std::nullopt;
    }
    if (isPostgresUrl(text))
        return parsePostgres(text, error);

    // Any other scheme (two letters or more, so that C:/ stays a Windows path) is a mistake.
    static const QRegularExpression otherScheme(QStringLiteral("^([A-Za-z][A-Za-z0-9+.-]+)://"));
    if (const QRegularExpressionMatch match = otherScheme.match(text);
        match.hasMatch() && match.captured(1).compare(u"file", Qt::CaseInsensitive) != 0) {
        *error = invalidUrl(text, QStringLiteral("the scheme '%1' is not supported; use postgresql:// or a "
                                                 "SQLite file path")
                                      .arg(match.captured(1)));
        return std::nullopt;
    }
    return parseSqlite(text, error);
}

DatabaseConfig DatabaseConfig::defaultSqlite()
{
    DatabaseConfig config;
    config.backend = Backend::Sqlite;
    // Shared by confab and confab-cli, so not the per-application AppDataLocation.
    config.sqlitePath = QDir(QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation))
                            .filePath(QStringLiteral("Confab/history.sqlite"));
    return config;
}

std::optional<DatabaseConfig> DatabaseConfig::resolve(const QString &commandLine, const QString &setting,
                                                      QString *error, QString *warning)
{
    QString scratch;
    if (!error)
        error = &scratch;
    if (warning)
        *warning = passwordWarning(commandLine.trimmed());
    std::optional<DatabaseConfig> config;
    const QString fromEnvironment = qEnvironmentVariable("CONFAB_DATABASE");
    const std::pair<QString, QString> candidates[] = {
        {commandLine.trimmed(), QStringLiteral("--database")},
        {fromEnvironment.trimmed(), QStringLiteral("$CONFAB_DATABASE")},
        {setting.trimmed(), QStringLiteral("the database setting")},
    };
    for (const auto &[value, source] : candidates) {
        if (value.isEmpty())
            continue;
        config = parse(value, error);
        if (!config) {
            *error = QStringLiteral("%1 (from %2)").arg(*error, source);
            return std::nullopt;
        }
        break;
    }
    if (!config)
        config = defaultSqlite();
    if (config->backend == Backend::Postgres && config->password.isEmpty())
        config->password = qEnvironmentVariable("PGPASSWORD");
    return config;
}

bool DatabaseConfig::isLocal() const
{
    // No host is libpq's default Unix socket; a folder is a socket too.
    if (host.isEmpty() || host.startsWith(u'/') || host.compare(u"localhost", Qt::CaseInsensitive) == 0)
        return true;
    static const QRegularExpression loopback(
        QStringLiteral(R"(^(127(\.\d{1,3}){3}|::1|(0{1,4}:){7}0{0,3}1)$)"));
    return loopback.match(host).hasMatch();
}

QString DatabaseConfig::postgresConnectOptions() const
{
    if (isLocal() || hasSslMode(connectOptions))
        return connectOptions;
    const QString verify = QStringLiteral("sslmode=verify-full");
    return connectOptions.isEmpty() ? verify : connectOptions + u';' + verify;
}

QString DatabaseConfig::passwordWarning(const QString &commandLine)
{
    if (!isPostgresUrl(commandLine))
        return {};
    QString error;
    if (const std::optional<DatabaseConfig> config = parse(commandLine, &error)) {
        if (config->password.isEmpty())
            return {};
    } else {
        // Unreadable, but a ':' before the last '@' may well be a password all the same.
        const qsizetype start = commandLine.indexOf(u"://") + 3;
        const qsizetype at = commandLine.lastIndexOf(u'@');
        if (at < start || !commandLine.mid(start, at - start).contains(u':'))
            return {};
    }
    return QStringLiteral("the password in --database can be read by other users of this computer (in the "
                          "process list) and stays in your shell's history: leave it out of the URL, and "
                          "store it with 'confab-cli key set --database URL' (in the keychain) or give it "
                          "in PGPASSWORD");
}

QString DatabaseConfig::displayName() const
{
    if (backend == Backend::Sqlite)
        return QDir::toNativeSeparators(sqlitePath);

    QString result = QStringLiteral("postgresql://");
    if (!user.isEmpty())
        result += QString::fromLatin1(QUrl::toPercentEncoding(user)) + u'@';
    if (host.startsWith(u'/'))
        result += QString(); // a socket folder goes in the query, below
    else if (host.contains(u':'))
        result += u'[' + host + u']';
    else
        result += host;
    if (!host.startsWith(u'/'))
        result += u':' + QString::number(port);
    result += u'/' + QString::fromLatin1(QUrl::toPercentEncoding(databaseName));

    QStringList query;
    if (host.startsWith(u'/'))
        query.append(QStringLiteral("host=") + QString::fromLatin1(QUrl::toPercentEncoding(host)));
    for (const QString &option : connectOptions.split(u';', Qt::SkipEmptyParts)) {
        const qsizetype equals = option.indexOf(u'=');
        const QString key = option.left(equals).trimmed();
        if (equals < 0 || key.contains(u"password"))
            continue;
        query.append(key + u'=' +
                     QString::fromLatin1(
                         QUrl::toPercentEncoding(unquoteConninfoValue(option.mid(equals + 1).trimmed()))));
    }
    if (!query.isEmpty())
        result += u'?' + query.join(u'&');
    return result;
}
