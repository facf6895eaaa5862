// SPDX-License-Identifier: GPL-3.0-or-later
#include "sqlerrorclassifier.h"

#include <QDir>
#include <QSqlError>

namespace {

// SQLite's primary result codes (the driver may report extended ones: the low byte is the
// primary code).
enum SqliteCode {
    SqliteBusy = 5,
    SqliteLocked = 6,
    SqliteReadOnly = 8,
    SqliteCorrupt = 11,
    SqliteFull = 13,
    SqliteNotADb = 26
};

} // namespace

SqlErrorClassifier::SqlErrorClassifier(const DatabaseConfig &config)
    : m_config(config)
{}

QString SqlErrorClassifier::sqliteName() const
{
    return QDir::toNativeSeparators(m_config.sqlitePath);
}

QString SqlErrorClassifier::serverName() const
{
    const QString host = m_config.host.isEmpty() ? QStringLiteral("localhost") : m_config.host;
    return QStringLiteral("%1:%2").arg(host.contains(u':') ? u'[' + host + u']' : host).arg(m_config.port);
}

QString SqlErrorClassifier::redacted(QString text) const
{
    // libpq does not quote passwords back, but a driver message is not ours to trust. A very
    // short password would mangle the text for little gain.
    if (m_config.password.size() >= 4)
        text.replace(m_config.password, QStringLiteral("***"));
    return text;
}

StorageError SqlErrorClassifier::classify(const QSqlError &error, const QString &what) const
{
    using Kind = StorageError::Kind;
    const QString code = error.nativeErrorCode();
    const QString detail = redacted(QStringLiteral("%1%2").arg(
        error.text().simplified(), code.isEmpty() ? QString() : QStringLiteral(" [%1]").arg(code)));

    if (m_config.backend != DatabaseConfig::Backend::Postgres) {
        bool ok = false;
        const int primary = code.toInt(&ok) & 0xff;
        if (ok) {
            switch (primary) {
            case SqliteFull:
                return {
                    Kind::DiskFull,
                    QStringLiteral("%1: the disk holding %2 is full; free some space (the write is kept and "
                                   "retried)")
                        .arg(what, sqliteName()),
                    detail};
            case SqliteReadOnly:
                return {
                    Kind::ReadOnly,
                    QStringLiteral("%1: %2 is read-only; make the file and its folder writable, or choose "
                                   "another location with --database")
                        .arg(what, sqliteName()),
                    detail};
            case SqliteBusy:
            case SqliteLocked:
                return {Kind::Locked,
                        QStringLiteral("%1: %2 is locked by another program; close it, or wait (the write is "
                                       "retried)")
                            .arg(what, sqliteName()),
                        detail};
            case SqliteCorrupt:
            case SqliteNotADb:
                return {
                    Kind::Corrupt,
                    QStringLiteral("%1: %2 is damaged or is not a Confab database; restart Confab to set it "
                                   "aside and start a new one")
                        .arg(what, sqliteName()),
                    detail};
            default:
                break;
            }
        }
        return {Kind::Other, QStringLiteral("%1: %2").arg(what, error.text().simplified()), detail};
    }

    const QString text = error.text();
    if (error.type() == QSqlError::ConnectionError || code.startsWith(u"08") || code.startsWith(u"57P") ||
        text.contains(u"server closed the connection") || text.contains(u"no connection to the server") ||
        text.contains(u"terminating connection")) {
        return {Kind::Unavailable,
                QStringLiteral("%1: the connection to the PostgreSQL server at %2 is lost; check that it is "
                               "running and reachable (the write is kept and retried)")
                    .arg(what, serverName()),
                detail};
    }
    if (code == u"53100") {
        return {
            Kind::DiskFull,
            QStringLiteral("%1: the PostgreSQL server at %2 is out of disk space; ask its administrator to "
                           "free some (the write is kept and retried)")
                .arg(what, serverName()),
            detail};
    }
    if (code == u"25006") {
        return {Kind::ReadOnly,
                QStringLiteral("%1: the PostgreSQL server at %2 accepts only reads (a standby or a read-only "
                               "transaction); point Confab at the primary server")
                    .arg(what, serverName()),
                detail};
    }
    if (code == u"40001" || code == u"40P01" || code == u"55P03") {
        return {Kind::Locked,
                QStringLiteral("%1: another writer held the same rows; the write is retried").arg(what),
                detail};
    }
    if (code.startsWith(u"23")) {
        return {Kind::Other,
                QStringLiteral("%1: the data breaks a rule of the database: %2")
                    .arg(what, redacted(error.databaseText().simplified())),
                detail};
    }
    return {Kind::Other, QStringLiteral("%1: %2").arg(what, redacted(error.text().simplified())), detail};
}
