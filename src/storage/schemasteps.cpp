// SPDX-License-Identifier: GPL-3.0-or-later
#include "schemasteps.h"

#include "storagelogging.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QStringList>

// Every step is written once and never changed after release: a database at version N has run
// exactly steps 1..N. Fix a mistake with a new step.

using Dialect = Database::Dialect;
using SchemaSteps::run;
using SchemaSteps::runAll;
using SchemaSteps::upgradeFailed;

StorageError SchemaSteps::run(Database &db, QSqlQuery &query, const QString &sql, const QString &what)
{
    if (query.exec(sql))
        return {};
    qCWarning(lcStorage) << "migration statement failed:" << query.lastError().text();
    return db.errorFrom(query, what);
}

StorageError SchemaSteps::runAll(Database &db, QSqlQuery &query, const QStringList &statements,
                                 const QString &what)
{
    for (const QString &sql : statements) {
        if (StorageError error = run(db, query, sql, what); error.isError())
            return error;
    }
    return {};
}

QString SchemaSteps::upgradeFailed(int version)
{
    return QStringLiteral("cannot upgrade the history database to version %1").arg(version);
}

namespace {

using SchemaSteps::postgresIndexedChars;

// v1: conversations and messages.
StorageError conversationsAndMessages(Database &db, QSqlQuery &query)
{
    const bool sqlite = db.dialect() == Dialect::Sqlite;
    const QString boolean = sqlite ? QStringLiteral("INTEGER NOT NULL DEFAULT 0")
                                   : QStringLiteral("BOOLEAN NOT NULL DEFAULT false");
    return runAll(
        db, query,
        {
            QStringLiteral("CREATE TABLE schema_version (version INTEGER NOT NULL)"),
            QStringLiteral("CREATE TABLE conversations ("
                           " id TEXT PRIMARY KEY,"
                           " title TEXT NOT NULL DEFAULT '',"
                           " created_at BIGINT NOT NULL,"
                           " updated_at BIGINT NOT NULL,"
                           " pinned %1,"
                           " archived %1,"
                           " provider_profile TEXT NOT NULL DEFAULT '',"
                           " model TEXT NOT NULL DEFAULT '',"
                           " system_prompt TEXT NOT NULL DEFAULT '',"
                           " current_leaf_id TEXT)")
                .arg(boolean),
            QStringLiteral("CREATE INDEX conversations_list ON conversations"
                           " (archived, pinned DESC, updated_at DESC, id DESC)"),
            QStringLiteral("CREATE TABLE messages ("
                           " id TEXT PRIMARY KEY,"
                           " conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,"
                           " parent_id TEXT,"
                           " role TEXT NOT NULL CHECK (role IN ('system','user','assistant')),"
                           " content TEXT NOT NULL DEFAULT '',"
                           " status TEXT NOT NULL CHECK (status IN"
                           " ('pending','streaming','complete','stopped','interrupted','error')),"
                           " error_text TEXT NOT NULL DEFAULT '',"
                           " model TEXT NOT NULL DEFAULT '',"
                           " finish_reason TEXT NOT NULL DEFAULT '',"
                           " prompt_tokens BIGINT,"
                           " completion_tokens BIGINT,"
                           " total_tokens BIGINT,"
                           " created_at BIGINT NOT NULL,"
                           " updated_at BIGINT NOT NULL)"),
            QStringLiteral("CREATE INDEX messages_conversation ON messages (conversation_id, created_at)"),
            QStringLiteral("CREATE INDEX messages_parent ON messages (parent_id)"),
            QStringLiteral("CREATE INDEX messages_streaming ON messages (status) WHERE status = 'streaming'"),
        },
        upgradeFailed(1));
}

// v2: running instances, and which one writes a streaming message (crash recovery).
StorageError instancesAndWriters(Database &db, QSqlQuery &query)
{
    return runAll(db, query,
                  {
                      QStringLiteral("CREATE TABLE instances ("
                                     " id TEXT PRIMARY KEY,"
                                     " hostname TEXT NOT NULL,"
                                     " pid BIGINT NOT NULL,"
                                     " started_at BIGINT NOT NULL,"
                                     " heartbeat_at BIGINT NOT NULL)"),
                      QStringLiteral("ALTER TABLE messages ADD COLUMN writer_id TEXT"),
                  },
                  upgradeFailed(2));
}

QStringList sqliteFtsStatements(const QString &table, const QString &column)
{
    const QString fts = table + QStringLiteral("_fts");
    return {
        QStringLiteral("CREATE VIRTUAL TABLE %1 USING fts5(%3, content='%2', content_rowid='rowid',"
                       " tokenize='unicode61 remove_diacritics 2', prefix='2 3 4')")
            .arg(fts, table, column),
        QStringLiteral("CREATE TRIGGER %1_ai AFTER INSERT ON %2 BEGIN"
                       " INSERT INTO %1(rowid, %3) VALUES (new.rowid, new.%3); END")
            .arg(fts, table, column),
        QStringLiteral("CREATE TRIGGER %1_ad AFTER DELETE ON %2 BEGIN"
                       " INSERT INTO %1(%1, rowid, %3) VALUES ('delete', old.rowid, old.%3); END")
            .arg(fts, table, column),
        QStringLiteral("CREATE TRIGGER %1_au AFTER UPDATE OF %3 ON %2 BEGIN"
                       " INSERT INTO %1(%1, rowid, %3) VALUES ('delete', old.rowid, old.%3);"
                       " INSERT INTO %1(rowid, %3) VALUES (new.rowid, new.%3); END")
            .arg(fts, table, column),
        // Index what is already there.
        QStringLiteral("INSERT INTO %1(%1) VALUES ('rebuild')").arg(fts),
    };
}

QStringList postgresSearchStatements(const QString &table, const QString &column)
{
    const auto vectorOf = [](const QString &text) {
        return QStringLiteral("to_tsvector('simple', confab_unaccent(left(%1, %2)))")
            .arg(text)
            .arg(postgresIndexedChars);
    };
    return {
        QStringLiteral("ALTER TABLE %1 ADD COLUMN search tsvector").arg(table),
        QStringLiteral("CREATE FUNCTION %1_search_update() RETURNS trigger LANGUAGE plpgsql AS $$"
                       " BEGIN NEW.search := %2; RETURN NEW; END $$")
            .arg(table, vectorOf(QStringLiteral("NEW.") + column)),
        QStringLiteral("CREATE TRIGGER %1_search BEFORE INSERT OR UPDATE OF %2 ON %1"
                       " FOR EACH ROW EXECUTE FUNCTION %1_search_update()")
            .arg(table, column),
        // Index what is already there.
        QStringLiteral("UPDATE %1 SET search = %2").arg(table, vectorOf(column)),
        QStringLiteral("CREATE INDEX %1_search ON %1 USING GIN (search)").arg(table),
    };
}

// Defines confab_unaccent(): the unaccent extension when this role may create it (it is
// "trusted" since PostgreSQL 13, so a database owner may), else the identity.
StorageError defineUnaccent(Database &db, QSqlQuery &query)
{
    const QString what = upgradeFailed(3);
    if (StorageError error =
            run(db, query,
                QStringLiteral("SELECT count(*) FROM pg_available_extensions WHERE name = 'unaccent'"), what);
        error.isError())
        return error;
    const bool available = query.next() && query.value(0).toInt() > 0;
    if (available) {
        // A failure (no right to create it) must not abort the step's transaction.
        if (StorageError error = run(db, query, QStringLiteral("SAVEPOINT confab_unaccent"), what);
            error.isError())
            return error;
        if (query.exec(QStringLiteral("CREATE EXTENSION IF NOT EXISTS unaccent"))) {
            if (StorageError error =
                    run(db, query, QStringLiteral("RELEASE SAVEPOINT confab_unaccent"), what);
                error.isError())
                return error;
        } else {
            qCInfo(lcStorage)
                << "the unaccent extension cannot be created, search will match accents exactly:"
                << query.lastError().text();
            if (StorageError error =
                    run(db, query, QStringLiteral("ROLLBACK TO SAVEPOINT confab_unaccent"), what);
                error.isError())
                return error;
        }
    }
    if (StorageError error = run(db, query,
                                 QStringLiteral("SELECT quote_ident(n.nspname) FROM pg_extension e"
                                                " JOIN pg_namespace n ON n.oid = e.extnamespace"
                                                " WHERE e.extname = 'unaccent'"),
                                 what);
        error.isError())
        return error;
    // Schema-qualified, so that it works with any search_path (pg_dump restores with an empty one).
    const QString body = query.next() ? QStringLiteral("SELECT %1.unaccent('%1.unaccent'::regdictionary, $1)")
                                            .arg(query.value(0).toString())
                                      : QStringLiteral("SELECT $1");
    qCInfo(lcStorage) << "confab_unaccent:" << body;
    return run(db, query,
               QStringLiteral("CREATE OR REPLACE FUNCTION confab_unaccent(text) RETURNS text"
                              " LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $f$ %1 $f$")
                   .arg(body),
               what);
}

// v3: full-text search over message text and conversation titles.
StorageError fullTextSearch(Database &db, QSqlQuery &query)
{
    if (db.dialect() == Dialect::Sqlite) {
        return runAll(db, query,
                      sqliteFtsStatements(QStringLiteral("messages"), QStringLiteral("content")) +
                          sqliteFtsStatements(QStringLiteral("conversations"), QStringLiteral("title")),
                      upgradeFailed(3));
    }
    if (StorageError error = defineUnaccent(db, query); error.isError())
        return error;
    return runAll(db, query,
                  postgresSearchStatements(QStringLiteral("messages"), QStringLiteral("content")) +
                      postgresSearchStatements(QStringLiteral("conversations"), QStringLiteral("title")),
                  upgradeFailed(3));
}

// v4: live updates. After each change PostgreSQL tells every listening Confab what changed;
// "writer" is the session's confab.writer setting (set_config) or the message's writer, so a
// client can skip its own changes. SQLite has no listeners: nothing to do.
StorageError changeNotifications(Database &db, QSqlQuery &query)
{
    if (db.dialect() == Dialect::Sqlite)
        return {};
    return runAll(
        db, query,
        {
            QStringLiteral(
                "CREATE FUNCTION confab_notify_conversations() RETURNS trigger LANGUAGE plpgsql AS $$"
                " DECLARE changed_id text;"
                " BEGIN"
                "  IF TG_OP = 'DELETE' THEN changed_id := OLD.id; ELSE changed_id := NEW.id; END IF;"
                "  PERFORM pg_notify('confab_changes', json_build_object("
                "   'table', 'conversations', 'id', changed_id, 'conversation_id', changed_id,"
                "   'writer', nullif(current_setting('confab.writer', true), ''))::text);"
                "  RETURN NULL;"
                " END $$"),
            QStringLiteral(
                "CREATE FUNCTION confab_notify_messages() RETURNS trigger LANGUAGE plpgsql AS $$"
                " DECLARE changed_id text; changed_conversation text; changed_writer text;"
                " BEGIN"
                "  IF TG_OP = 'DELETE' THEN"
                "   changed_id := OLD.id; changed_conversation := OLD.conversation_id; changed_writer := "
                "OLD.writer_id;"
                "  ELSE"
                "   changed_id := NEW.id; changed_conversation := NEW.conversation_id; changed_writer := "
                "NEW.writer_id;"
                "  END IF;"
                "  PERFORM pg_notify('confab_changes', json_build_object("
                "   'table', 'messages', 'id', changed_id, 'conversation_id', changed_conversation,"
                "   'writer', coalesce(nullif(current_setting('confab.writer', true), ''), "
                "changed_writer))::text);"
                "  RETURN NULL;"
                " END $$"),
            QStringLiteral(
                "CREATE TRIGGER conversations_notify AFTER INSERT OR UPDATE OR DELETE ON conversations"
                " FOR EACH ROW EXECUTE FUNCTION confab_notify_conversations()"),
            QStringLiteral("CREATE TRIGGER messages_notify AFTER INSERT OR UPDATE OR DELETE ON messages"
                           " FOR EACH ROW EXECUTE FUNCTION confab_notify_messages()"),
        },
        upgradeFailed(4));
}

// v5: newest-first messages on PostgreSQL, where search takes its candidates from the newest
// messages (SearchRepository). SQLite's rowid already gives that order: nothing to do.
StorageError recentMessages(Database &db, QSqlQuery &query)
{
    if (db.dialect() == Dialect::Sqlite)
        return {};
    return run(db, query, QStringLiteral("CREATE INDEX messages_recent ON messages (created_at, id)"),
               upgradeFailed(5));
}

// v6: a conversation's sampling parameters; NULL leaves the choice to the server.
StorageError samplingParameters(Database &db, QSqlQuery &query)
{
    const QString real =
        db.dialect() == Dialect::Sqlite ? QStringLiteral("REAL") : QStringLiteral("DOUBLE PRECISION");
    return runAll(db, query,
                  {
                      QStringLiteral("ALTER TABLE conversations ADD COLUMN temperature %1").arg(real),
                      QStringLiteral("ALTER TABLE conversations ADD COLUMN top_p %1").arg(real),
                      QStringLiteral("ALTER TABLE conversations ADD COLUMN max_tokens INTEGER"),
                  },
                  upgradeFailed(6));
}

// v7: a streaming message is indexed for search once, when it ends, not at each save while it
// grows: indexing its whole text every time made saving a long reply quadratic.
StorageError indexEndedMessages(Database &db, QSqlQuery &query)
{
    if (db.dialect() == Dialect::Sqlite) {
        return runAll(
            db, query,
            {
                QStringLiteral("DROP TRIGGER messages_fts_ai"),
                QStringLiteral("DROP TRIGGER messages_fts_ad"),
                QStringLiteral("DROP TRIGGER messages_fts_au"),
                // Indexed until now with the text they have: that is what leaves the index.
                QStringLiteral("INSERT INTO messages_fts(messages_fts, rowid, content)"
                               " SELECT 'delete', rowid, content FROM messages WHERE status = 'streaming'"),
                QStringLiteral(
                    "CREATE TRIGGER messages_fts_ai AFTER INSERT ON messages"
                    " WHEN new.status <> 'streaming' BEGIN"
                    " INSERT INTO messages_fts(rowid, content) VALUES (new.rowid, new.content); END"),
                QStringLiteral("CREATE TRIGGER messages_fts_ad AFTER DELETE ON messages"
                               " WHEN old.status <> 'streaming' BEGIN"
                               " INSERT INTO messages_fts(messages_fts, rowid, content)"
                               " VALUES ('delete', old.rowid, old.content); END"),
                // One trigger, so that the old text always leaves before the new one comes in.
                QStringLiteral(
                    "CREATE TRIGGER messages_fts_au AFTER UPDATE OF content, status ON messages BEGIN"
                    " INSERT INTO messages_fts(messages_fts, rowid, content)"
                    " SELECT 'delete', old.rowid, old.content WHERE old.status <> 'streaming';"
                    " INSERT INTO messages_fts(rowid, content)"
                    " SELECT new.rowid, new.content WHERE new.status <> 'streaming'; END"),
            },
            upgradeFailed(7));
    }
    return runAll(
        db, query,
        {
            QStringLiteral(
                "CREATE OR REPLACE FUNCTION messages_search_update() RETURNS trigger"
                " LANGUAGE plpgsql AS $$ BEGIN"
                " IF NEW.status = 'streaming' THEN NEW.search := NULL;"
                " ELSE NEW.search := to_tsvector('simple', confab_unaccent(left(NEW.content, %1)));"
                " END IF; RETURN NEW; END $$")
                .arg(postgresIndexedChars),
            QStringLiteral("DROP TRIGGER messages_search ON messages"),
            QStringLiteral(
                "CREATE TRIGGER messages_search BEFORE INSERT OR UPDATE OF content, status ON messages"
                " FOR EACH ROW EXECUTE FUNCTION messages_search_update()"),
        },
        upgradeFailed(7));
}

} // namespace

const std::array<SchemaSteps::Step, SchemaSteps::count> &SchemaSteps::all()
{
    static const std::array<Step, count> steps{{
        {QStringLiteral("conversations and messages"), conversationsAndMessages},
        {QStringLiteral("instances and message writers"), instancesAndWriters},
        {QStringLiteral("full-text search"), fullTextSearch},
        {QStringLiteral("change notifications"), changeNotifications},
        {QStringLiteral("newest-first messages"), recentMessages},
        {QStringLiteral("conversation sampling parameters"), samplingParameters},
        {QStringLiteral("search indexes ended messages"), indexEndedMessages},
        {QStringLiteral("messages made of parts"), SchemaSteps::messageParts},
    }};
    return steps;
}
