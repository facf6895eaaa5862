// SPDX-License-Identifier: GPL-3.0-or-later
#include "sqliteopener.h"

#include "database.h"
#include "migrations.h"
#include "privatefiles.h"
#include "storagelogging.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace {

constexpr int defaultBusyTimeoutMs = 5000;

QString withOption(const QString &options, const QString &option)
{
    return options.isEmpty() ? option : options + u';' + option;
}

} // namespace

SqliteOpener::SqliteOpener(Database &db)
    : m_db(db)
{}

QString SqliteOpener::nativePath() const
{
    return QDir::toNativeSeparators(m_db.config().sqlitePath);
}

int SqliteOpener::busyTimeout() const
{
    for (const QString &option : m_db.config().connectOptions.split(u';', Qt::SkipEmptyParts)) {
        const QString trimmed = option.trimmed();
        if (trimmed.startsWith(u"QSQLITE_BUSY_TIMEOUT=")) {
            bool ok = false;
            const int value = trimmed.mid(trimmed.indexOf(u'=') + 1).toInt(&ok);
            if (ok && value >= 0)
                return value;
        }
    }
    return defaultBusyTimeoutMs;
}

StorageError SqliteOpener::open()
{
    m_movedAsidePath.clear();
    const QString path = m_db.config().sqlitePath;
    const bool inMemory = path == u":memory:";
    if (!inMemory) {
        const QFileInfo file(path);
        const QString folder = file.absolutePath();
        if (!PrivateFiles::makeFolder(folder)) {
            return {StorageError::Kind::ReadOnly,
                    u"cannot create the folder %1 for the history database: check its permissions, "
                    "or choose another location with --database"_s.arg(QDir::toNativeSeparators(folder)),
                    {}};
        }
        // SQLite would quietly open a read-only file read-only; say so now, naming the file.
        if (file.exists() && !file.isWritable()) {
            return {StorageError::Kind::ReadOnly,
                    u"the history database %1 is read-only: make it writable (check its permissions "
                    "and owner), or choose another location with --database"_s.arg(nativePath()),
                    {}};
        }
        // The journal files (-wal, -shm) are made next to the database.
        if (!QFileInfo(folder).isWritable()) {
            return {StorageError::Kind::ReadOnly,
                    u"the folder %1 of the history database is read-only: make it writable, or "
                    "choose another location with --database"_s.arg(QDir::toNativeSeparators(folder)),
                    {}};
        }
        // Made here, 0600, before SQLite makes it with the umask's mode: its -wal, -shm and
        // -journal take the database file's permissions.
        PrivateFiles::makeFile(path);
    }

    if (StorageError error = openFile(path, {}); error.isError())
        return error;

    StorageError damage = checkIntegrity();
    if (damage.kind == StorageError::Kind::Corrupt && !inMemory) {
        m_db.close();
        if (StorageError error = moveAside(damage); error.isError())
            return error;
        PrivateFiles::makeFile(path);
        if (StorageError error = openFile(path, {}); error.isError())
            return error;
        damage = checkIntegrity();
    }
    if (damage.isError()) {
        m_db.close();
        return damage;
    }
    return setUp();
}

StorageError SqliteOpener::openReadOnly(const StorageError &why)
{
    const QString path = m_db.config().sqlitePath;
    if (path == u":memory:" || !QFileInfo(path).isFile())
        return why;
    // First as any reader would (it shares the -shm with writers); then, where even the -shm
    // cannot be made (a read-only folder or a full disk), as a file on read-only media.
    const QString immutable = QUrl::fromLocalFile(path).toString(QUrl::FullyEncoded) + u"?immutable=1"_s;
    const std::pair<QString, QString> attempts[] = {
        {path, u"QSQLITE_OPEN_READONLY"_s},
        {immutable, u"QSQLITE_OPEN_READONLY;QSQLITE_OPEN_URI"_s},
    };
    for (const auto &[name, options] : attempts) {
        m_db.close();
        if (openFile(name, options).isError())
            continue;
        StorageError error;
        const int version = Migrations::currentVersion(m_db, &error);
        if (error.isError())
            continue;
        if (version != Migrations::latestVersion()) {
            m_db.close();
            return {why.kind,
                    u"%1 (it cannot even be read: its schema, version %2, is not this Confab's, and it "
                    "cannot be brought up to date without writing)"_s.arg(why.message)
                        .arg(version),
                    why.detail};
        }
        QSqlQuery query(m_db.connection());
        query.exec(u"PRAGMA busy_timeout = %1"_s.arg(busyTimeout()));
        qCWarning(lcStorage) << "opened" << m_db.config().displayName() << "for reading only:" << why.message
                             << why.detail;
        return {};
    }
    m_db.close();
    return why;
}

StorageError SqliteOpener::openFile(const QString &name, const QString &extraOptions)
{
    QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, m_db.connectionName());
    db.setDatabaseName(name);
    QString options = m_db.config().connectOptions;
    if (!options.contains(u"QSQLITE_BUSY_TIMEOUT"))
        options = withOption(options, u"QSQLITE_BUSY_TIMEOUT=%1"_s.arg(defaultBusyTimeoutMs));
    if (!extraOptions.isEmpty())
        options = withOption(options, extraOptions);
    db.setConnectOptions(options);
    if (!db.open()) {
        StorageError error = m_db.errorFrom(db.lastError(), u"cannot open the history database"_s);
        db = {};
        m_db.close();
        return error;
    }
    return {};
}

StorageError SqliteOpener::setUp()
{
    const QString pragmas[] = {
        u"PRAGMA busy_timeout = %1"_s.arg(busyTimeout()),
        u"PRAGMA journal_mode = WAL"_s,
        u"PRAGMA foreign_keys = ON"_s,
        u"PRAGMA synchronous = NORMAL"_s,
        // So that INSERT OR REPLACE fires the delete triggers that keep the FTS index right.
        u"PRAGMA recursive_triggers = ON"_s,
    };
    const bool inMemory = m_db.config().sqlitePath == u":memory:";
    QSqlQuery query(m_db.connection());
    for (const QString &pragma : pragmas) {
        if (!query.exec(pragma)) {
            StorageError error = m_db.errorFrom(query, u"cannot set up the history database"_s);
            m_db.close();
            return error;
        }
        if (pragma.contains(u"journal_mode") && query.next() &&
            query.value(0).toString().compare(u"wal", Qt::CaseInsensitive) != 0 && !inMemory) {
            // Some file systems (network shares) cannot do WAL: SQLite keeps its rollback journal.
            qCWarning(lcStorage) << "WAL is not available for" << m_db.config().displayName()
                                 << "- journal mode is" << query.value(0).toString();
        }
    }
    return {};
}

StorageError SqliteOpener::checkIntegrity()
{
    QSqlQuery query(m_db.connection());
    // A file that is not a database fails on its first read (SQLITE_NOTADB).
    if (!query.exec(u"SELECT count(*) FROM sqlite_master"_s))
        return m_db.errorFrom(query, u"cannot read the history database"_s);
    // quick_check reads every page: cheap for a small file, seconds for years of history. A large
    // file is checked by use instead: a damaged page read later reports SQLITE_CORRUPT, which
    // errorFrom() maps to Corrupt and the user is told.
    constexpr qint64 fullCheckLimit = 32 * 1024 * 1024;
    if (QFileInfo(m_db.config().sqlitePath).size() > fullCheckLimit)
        return {};
    if (!query.exec(u"PRAGMA quick_check"_s))
        return m_db.errorFrom(query, u"cannot check the history database"_s);
    QStringList problems;
    while (query.next())
        problems.append(query.value(0).toString());
    if (problems == QStringList{u"ok"_s})
        return {};
    return {StorageError::Kind::Corrupt, u"the history database %1 is damaged"_s.arg(nativePath()),
            problems.join(u' ').simplified().left(300)};
}

StorageError SqliteOpener::moveAside(const StorageError &damage)
{
    const QString path = m_db.config().sqlitePath;
    const QString stamp = QDateTime::currentDateTime().toString(u"yyyyMMdd-HHmmss"_s);
    QString target = u"%1.corrupt-%2"_s.arg(path, stamp);
    for (int n = 2; QFileInfo::exists(target); ++n)
        target = u"%1.corrupt-%2-%3"_s.arg(path, stamp).arg(n);

    qCWarning(lcStorage) << "the history database" << m_db.config().displayName() << "is damaged ("
                         << damage.detail << "): moving it to" << target;
    if (!QFile::rename(path, target)) {
        return {StorageError::Kind::Corrupt,
                u"the history database %1 is damaged and could not be moved aside: move or delete it "
                "yourself, or choose another location with --database"_s.arg(nativePath()),
                damage.detail};
    }
    // The journal files belong to the damaged copy; keep them with it, under names SQLite would look for.
    for (const QString &suffix : {u"-wal"_s, u"-shm"_s, u"-journal"_s}) {
        if (QFileInfo::exists(path + suffix) && !QFile::rename(path + suffix, target + suffix))
            QFile::remove(path + suffix);
    }
    m_movedAsidePath = target;
    return {};
}

StorageError SqliteOpener::checkWritable()
{
    // A write that changes nothing tells a read-only connection (SQLITE_READONLY) at once.
    // Another writer holding the lock is fine: it is not ours to wait for.
    QSqlQuery query(m_db.connection());
    query.exec(u"PRAGMA busy_timeout = 0"_s);
    StorageError error;
    // Rewriting user_version with its own value is a write that changes nothing, and it is
    // rolled back anyway.
    const bool wrote = query.exec(u"BEGIN IMMEDIATE"_s) && query.exec(u"PRAGMA user_version"_s) &&
                       query.next() &&
                       query.exec(u"PRAGMA user_version = %1"_s.arg(query.value(0).toLongLong()));
    if (!wrote) {
        if (StorageError refused = m_db.errorFrom(query, u"cannot write the history database"_s);
            refused.kind != StorageError::Kind::Locked)
            error = refused;
    }
    query.exec(u"ROLLBACK"_s);
    query.exec(u"PRAGMA busy_timeout = %1"_s.arg(busyTimeout()));
    return error;
}
