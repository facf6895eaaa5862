// SPDX-License-Identifier: GPL-3.0-or-later
#include "schemasteps.h"

#include <QSqlQuery>

// Step 8, apart from the others only for length. Written once, never changed after release.

using Dialect = Database::Dialect;
using SchemaSteps::runAll;
using SchemaSteps::upgradeFailed;

namespace {

// The table, the measured figures and the reasoning effort, the same in both dialects.
QStringList partsAndColumns(Dialect dialect)
{
    const QString real =
        dialect == Dialect::Sqlite ? QStringLiteral("REAL") : QStringLiteral("DOUBLE PRECISION");
    return {
        // One row per part, in order. `text` holds a text or reasoning part's text and a tool
        // result's content (what search and the appends touch); `fields` the part's other fields
        // as the JSON of MessagePart::toJson without type and text, NULL when it has none.
        QStringLiteral("CREATE TABLE message_parts ("
                       " message_id TEXT NOT NULL REFERENCES messages(id) ON DELETE CASCADE,"
                       " position INTEGER NOT NULL CHECK (position >= 0),"
                       " type TEXT NOT NULL CHECK (type IN"
                       " ('text','reasoning','tool_call','tool_result','image','file')),"
                       " text TEXT NOT NULL DEFAULT '',"
                       " fields TEXT,"
                       " PRIMARY KEY (message_id, position))"),
        // Every message so far is its content, as one text part.
        QStringLiteral("INSERT INTO message_parts (message_id, position, type, text)"
                       " SELECT id, 0, 'text', content FROM messages WHERE content <> ''"),
        QStringLiteral("ALTER TABLE messages ADD COLUMN reasoning_tokens BIGINT"),
        QStringLiteral("ALTER TABLE messages ADD COLUMN first_token_ms BIGINT"),
        QStringLiteral("ALTER TABLE messages ADD COLUMN tokens_per_second %1").arg(real),
        QStringLiteral("ALTER TABLE conversations ADD COLUMN reasoning_effort TEXT"
                       " CHECK (reasoning_effort IN ('off','low','medium','high'))"),
        // siblings() of a message, and a conversation's roots, in their order from one index:
        // through messages_parent alone the planner walked the whole conversation instead.
        QStringLiteral(
            "CREATE INDEX messages_siblings ON messages (parent_id, conversation_id, created_at, id)"),
        QStringLiteral("DROP INDEX messages_parent"),
    };
}

// SQLite: the thinking of each ended message, its reasoning parts joined, in an FTS5 table of its
// own whose rowid is the message's. It keeps its own copy of the text: a row leaves it by rowid
// alone, whatever happened to the parts and the message meanwhile. Like the answer, a message is
// indexed once it ends; while it streams the triggers do nothing but one lookup of its status.
QStringList sqliteReasoningSearch()
{
    const auto reindex = [](const QString &id) {
        return QStringLiteral(" DELETE FROM messages_reasoning_fts WHERE rowid = (SELECT rowid FROM messages "
                              "WHERE id = %1);"
                              " INSERT INTO messages_reasoning_fts(rowid, reasoning)"
                              " SELECT m.rowid, r.reasoning FROM messages m,"
                              " (SELECT group_concat(text, char(10) || char(10)) AS reasoning FROM"
                              " (SELECT text FROM message_parts WHERE message_id = %1 AND type = 'reasoning'"
                              " AND text <> '' ORDER BY position)) r"
                              " WHERE m.id = %1 AND r.reasoning IS NOT NULL;")
            .arg(id);
    };
    const auto ended = [](const QString &id) {
        return QStringLiteral("EXISTS (SELECT 1 FROM messages WHERE id = %1 AND status <> 'streaming')")
            .arg(id);
    };
    return {
        QStringLiteral("CREATE VIRTUAL TABLE messages_reasoning_fts USING fts5(reasoning,"
                       " tokenize='unicode61 remove_diacritics 2', prefix='2 3 4')"),
        QStringLiteral("CREATE TRIGGER message_parts_reasoning_ai AFTER INSERT ON message_parts"
                       " WHEN new.type = 'reasoning' AND %1 BEGIN%2 END")
            .arg(ended(QStringLiteral("new.message_id")), reindex(QStringLiteral("new.message_id"))),
        QStringLiteral("CREATE TRIGGER message_parts_reasoning_au AFTER UPDATE OF type, text ON message_parts"
                       " WHEN (new.type = 'reasoning' OR old.type = 'reasoning') AND %1 BEGIN%2 END")
            .arg(ended(QStringLiteral("new.message_id")), reindex(QStringLiteral("new.message_id"))),
        QStringLiteral("CREATE TRIGGER message_parts_reasoning_ad AFTER DELETE ON message_parts"
                       " WHEN old.type = 'reasoning' AND %1 BEGIN%2 END")
            .arg(ended(QStringLiteral("old.message_id")), reindex(QStringLiteral("old.message_id"))),
        // Ending (or restarting) a stream indexes (or unindexes) its thinking.
        QStringLiteral("CREATE TRIGGER messages_reasoning_au AFTER UPDATE OF status ON messages"
                       " WHEN (old.status = 'streaming') <> (new.status = 'streaming') BEGIN"
                       " DELETE FROM messages_reasoning_fts WHERE rowid = old.rowid;"
                       " INSERT INTO messages_reasoning_fts(rowid, reasoning)"
                       " SELECT new.rowid, r.reasoning FROM"
                       " (SELECT group_concat(text, char(10) || char(10)) AS reasoning FROM"
                       " (SELECT text FROM message_parts WHERE message_id = new.id AND type = 'reasoning'"
                       " AND text <> '' ORDER BY position)) r"
                       " WHERE new.status <> 'streaming' AND r.reasoning IS NOT NULL; END"),
        // A message's parts go with it even on a connection without foreign keys, and after it is
        // gone their triggers find no message to index.
        QStringLiteral("CREATE TRIGGER messages_reasoning_ad AFTER DELETE ON messages BEGIN"
                       " DELETE FROM message_parts WHERE message_id = old.id;"
                       " DELETE FROM messages_reasoning_fts WHERE rowid = old.rowid; END"),
    };
}

// PostgreSQL: a second tsvector on messages, reasoning_search, of its reasoning parts joined;
// NULL while it streams. A part's change recomputes it (an UPDATE of that column alone, which
// fires no search trigger); a status change away from streaming computes it.
QStringList postgresReasoningSearch()
{
    return {
        QStringLiteral("ALTER TABLE messages ADD COLUMN reasoning_search tsvector"),
        QStringLiteral(
            "CREATE FUNCTION confab_reasoning_vector(text) RETURNS tsvector LANGUAGE sql STABLE AS $$"
            " SELECT to_tsvector('simple', confab_unaccent(left("
            "string_agg(text, E'\\n\\n' ORDER BY position), %1)))"
            " FROM message_parts WHERE message_id = $1 AND type = 'reasoning' AND text <> '' $$")
            .arg(SchemaSteps::postgresIndexedChars),
        QStringLiteral("CREATE OR REPLACE FUNCTION messages_search_update() RETURNS trigger"
                       " LANGUAGE plpgsql AS $$ BEGIN"
                       " IF NEW.status = 'streaming' THEN NEW.search := NULL; NEW.reasoning_search := NULL;"
                       " ELSE NEW.search := to_tsvector('simple', confab_unaccent(left(NEW.content, %1)));"
                       "  IF TG_OP = 'UPDATE' AND OLD.status = 'streaming' THEN"
                       "   NEW.reasoning_search := confab_reasoning_vector(NEW.id);"
                       "  END IF;"
                       " END IF; RETURN NEW; END $$")
            .arg(SchemaSteps::postgresIndexedChars),
        QStringLiteral("CREATE FUNCTION message_parts_reasoning_update() RETURNS trigger"
                       " LANGUAGE plpgsql AS $$ DECLARE changed_message text; BEGIN"
                       " IF TG_OP = 'DELETE' THEN"
                       "  IF OLD.type <> 'reasoning' THEN RETURN NULL; END IF;"
                       "  changed_message := OLD.message_id;"
                       " ELSE"
                       "  IF NEW.type <> 'reasoning' AND (TG_OP = 'INSERT' OR OLD.type <> 'reasoning') THEN"
                       "   RETURN NULL;"
                       "  END IF;"
                       "  changed_message := NEW.message_id;"
                       " END IF;"
                       " UPDATE messages SET reasoning_search = confab_reasoning_vector(id)"
                       "  WHERE id = changed_message AND status <> 'streaming';"
                       " RETURN NULL; END $$"),
        QStringLiteral("CREATE TRIGGER message_parts_reasoning AFTER INSERT OR UPDATE OF type, text OR DELETE"
                       " ON message_parts FOR EACH ROW EXECUTE FUNCTION message_parts_reasoning_update()"),
        QStringLiteral("CREATE INDEX messages_reasoning_search ON messages USING GIN (reasoning_search)"),
    };
}

} // namespace

StorageError SchemaSteps::messageParts(Database &db, QSqlQuery &query)
{
    const Dialect dialect = db.dialect();
    // An older database has no reasoning yet: its search index starts empty.
    return runAll(db, query,
                  partsAndColumns(dialect) +
                      (dialect == Dialect::Sqlite ? sqliteReasoningSearch() : postgresReasoningSearch()),
                  upgradeFailed(8));
}
