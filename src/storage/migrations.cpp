// SPDX-License-Identifier: GPL-3.0-or-later
#include "migrations.h"

#include "schemasteps.h"
#include "storagelogging.h"

#include <QDeadlineTimer>
#include <QSqlError>
#include <QSqlQuery>
#include <QThread>

namespace {

using Dialect = Database::Dialect;
using SchemaSteps::run;
using SchemaSteps::upgradeFailed;

// pg_advisory_xact_lock key: "Confab" in ASCII. Held for one step's transaction, so that two
// clients migrating the same server at once take turns.
constexpr qint64 migrationLockKey = 0x436f6e666162;

// Longest a SQLite opener waits for another one that is applying a (possibly long) step.
constexpr int sqliteStepWaitMs = 120000;

StorageError tooNew(int version)
{
    return {StorageError::Kind::TooNew,
            QStringLiteral(
                "the history database was written by a newer Confab (schema version %1; this one knows "
                "up to %2): update Confab, or choose another database with --database")
                .arg(version)
                .arg(Migrations::latestVersion()),
            {}};
}

// Takes the write lock for one step: BEGIN IMMEDIATE on SQLite (another opener waits on its
// busy timeout, and here a while longer), an advisory lock on PostgreSQL.
StorageError beginStep(Database &db, QSqlQuery &query, int version)
{
    if (db.dialect() == Dialect::Sqlite) {
        QDeadlineTimer deadline(sqliteStepWaitMs);
        while (!query.exec(QStringLiteral("BEGIN IMMEDIATE"))) {
            StorageError error = db.errorFrom(query, upgradeFailed(version));
            if (error.kind != StorageError::Kind::Locked || deadline.hasExpired())
                return error;
            QThread::msleep(50);
        }
        return {};
    }
    if (!db.connection().transaction())
        return db.errorFrom(db.connection().lastError(), upgradeFailed(version));
    if (StorageError error =
            run(db, query, QStringLiteral("SELECT pg_advisory_xact_lock(%1)").arg(migrationLockKey),
                upgradeFailed(version));
        error.isError()) {
        db.connection().rollback();
        return error;
    }
    return {};
}

StorageError applyStep(Database &db, int version)
{
    QSqlQuery query(db.connection());
    if (StorageError error = beginStep(db, query, version); error.isError())
        return error;

    auto abandon = [&](StorageError error) {
        query.finish();
        db.connection().rollback();
        return error;
    };
    // Another client may have applied it while we waited for the lock.
    StorageError error;
    const int current = Migrations::currentVersion(db, &error);
    if (error.isError())
        return abandon(error);
    if (current > Migrations::latestVersion())
        return abandon(tooNew(current));
    if (current >= version)
        return abandon({});

    const SchemaSteps::Step &step = SchemaSteps::all().at(version - 1);
    qCInfo(lcStorage) << "upgrading" << db.config().displayName() << "to schema version" << version << "-"
                      << step.what;
    if (error = step.apply(db, query); error.isError())
        return abandon(error);
    const QString record = version == 1
                               ? QStringLiteral("INSERT INTO schema_version (version) VALUES (1)")
                               : QStringLiteral("UPDATE schema_version SET version = %1").arg(version);
    if (error = run(db, query, record, upgradeFailed(version)); error.isError())
        return abandon(error);
    query.finish();
    if (!db.connection().commit()) {
        error = db.errorFrom(db.connection().lastError(), upgradeFailed(version));
        db.connection().rollback();
        return error;
    }
    return {};
}

} // namespace

int Migrations::latestVersion()
{
    return static_cast<int>(SchemaSteps::all().size());
}

int Migrations::currentVersion(Database &db, StorageError *error)
{
    StorageError scratch;
    if (!error)
        error = &scratch;
    *error = {};
    QSqlQuery query(db.connection());
    const QString exists =
        db.dialect() == Dialect::Sqlite
            ? QStringLiteral(
                  "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'")
            : QStringLiteral("SELECT count(*) FROM information_schema.tables"
                             " WHERE table_schema = current_schema() AND table_name = 'schema_version'");
    const QString what = QStringLiteral("cannot read the history database's version");
    if (!query.exec(exists)) {
        *error = db.errorFrom(query, what);
        return 0;
    }
    if (!query.next() || query.value(0).toInt() == 0)
        return 0;
    if (!query.exec(QStringLiteral("SELECT max(version) FROM schema_version"))) {
        *error = db.errorFrom(query, what);
        return 0;
    }
    return query.next() ? query.value(0).toInt() : 0;
}

StorageError Migrations::migrate(Database &db, int target)
{
    if (target < 0)
        target = latestVersion();
    if (target > latestVersion()) {
        return {StorageError::Kind::Invalid,
                QStringLiteral("cannot upgrade the history database to version %1: the latest is %2")
                    .arg(target)
                    .arg(latestVersion()),
                {}};
    }
    StorageError error;
    const int current = currentVersion(db, &error);
    if (error.isError())
        return error;
    if (current > latestVersion())
        return tooNew(current);
    for (int version = current + 1; version <= target; ++version) {
        if (error = applyStep(db, version); error.isError())
            return error;
    }
    return {};
}
