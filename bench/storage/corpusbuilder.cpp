// SPDX-License-Identifier: GPL-3.0-or-later
#include "corpusbuilder.h"

#include "bulkloader.h"
#include "corpusgenerator.h"
#include "corpusmarker.h"
#include "database.h"
#include "vocabulary.h"

#include <QElapsedTimer>
#include <QFile>
#include <QSqlQuery>

#include <cstdio>

using namespace Qt::StringLiterals;

namespace {

CorpusMarker::Values specValues(const CorpusSpec &spec)
{
    return {{u"generator_version"_s, QString::number(CorpusSpec::generatorVersion)},
            {u"seed"_s, QString::number(spec.seed)},
            {u"conversations"_s, QString::number(spec.conversations)},
            {u"messages"_s, QString::number(spec.messages)},
            {u"big_conversation_messages"_s, QString::number(spec.bigConversationMessages)}};
}

qint64 conversationCount(Database &db)
{
    QSqlQuery query(db.connection());
    if (!query.exec(u"SELECT count(*) FROM conversations"_s) || !query.next())
        return -1;
    return query.value(0).toLongLong();
}

} // namespace

CorpusBuilder::CorpusBuilder(DatabaseConfig config, CorpusSpec spec)
    : m_config(std::move(config))
    , m_spec(spec)
{}

std::optional<CorpusBuilder::Corpus> CorpusBuilder::prepare(bool regenerate, QString *error)
{
    CorpusMarker::Values marker;
    qint64 existing = 0;
    {
        Database db(m_config);
        if (const StorageError opened = db.open(); opened.isError()) {
            *error = opened.message + u" ("_s + opened.detail + u')';
            return std::nullopt;
        }
        marker = CorpusMarker::read(db);
        existing = conversationCount(db);
    }
    const CorpusMarker::Values wanted = specValues(m_spec);
    bool matches = marker.value(u"state"_s) == u"complete"_s;
    for (auto it = wanted.cbegin(); it != wanted.cend(); ++it)
        matches = matches && marker.value(it.key()) == it.value();
    if (matches && !regenerate) {
        Corpus corpus;
        corpus.reused = true;
        corpus.generationSeconds = marker.value(u"generation_seconds"_s).toDouble();
        corpus.contentBytes = marker.value(u"content_bytes"_s).toLongLong();
        corpus.bigConversationId = marker.value(u"big_conversation_id"_s);
        std::printf("== Reusing the corpus in %s (generated in %.0f s)\n", qPrintable(m_config.displayName()),
                    corpus.generationSeconds);
        return corpus;
    }
    if (marker.isEmpty() && existing != 0) {
        *error = u"%1 holds conversations that bench_storage did not generate; give it a new file or an "
                 u"empty database"_s.arg(m_config.displayName());
        return std::nullopt;
    }
    if ((!marker.isEmpty() || existing != 0) && !wipe(error))
        return std::nullopt;
    return generate(error);
}

bool CorpusBuilder::wipe(QString *error)
{
    std::printf("== Removing the earlier benchmark corpus from %s\n", qPrintable(m_config.displayName()));
    if (m_config.backend == DatabaseConfig::Backend::Sqlite) {
        for (const QString &suffix : {u""_s, u"-wal"_s, u"-shm"_s, u"-journal"_s}) {
            const QString path = m_config.sqlitePath + suffix;
            if (QFile::exists(path) && !QFile::remove(path)) {
                *error = u"Cannot remove %1"_s.arg(path);
                return false;
            }
        }
        return true;
    }
    // Everything of ours is in the public schema; the benchmark's database holds nothing else.
    Database db(m_config);
    if (const StorageError opened = db.open(); opened.isError()) {
        *error = opened.message;
        return false;
    }
    QSqlQuery query(db.connection());
    if (!query.exec(u"DROP SCHEMA public CASCADE"_s) || !query.exec(u"CREATE SCHEMA public"_s)) {
        *error = u"Cannot empty the database: "_s + db.errorFrom(query, u"Dropping the schema"_s).detail;
        return false;
    }
    return true;
}

std::optional<CorpusBuilder::Corpus> CorpusBuilder::generate(QString *error)
{
    Database db(m_config);
    if (const StorageError opened = db.open(); opened.isError()) {
        *error = opened.message + u" ("_s + opened.detail + u')';
        return std::nullopt;
    }
    CorpusMarker::Values marker = specValues(m_spec);
    marker.insert(u"state"_s, u"loading"_s);
    if (const StorageError written = CorpusMarker::write(db, marker); written.isError()) {
        *error = written.message + u" ("_s + written.detail + u')';
        return std::nullopt;
    }

    const Vocabulary vocabulary(m_spec.seed);
    const CorpusGenerator generator(m_spec, vocabulary);
    BulkLoader loader(db);
    auto fail = [&](const StorageError &failure) {
        *error = failure.message + u" ("_s + failure.detail + u')';
        return std::nullopt;
    };
    if (const StorageError started = loader.start(); started.isError())
        return fail(started);

    std::printf("== Generating %d conversations, %lld messages into %s\n", generator.conversationCount(),
                qlonglong(m_spec.messages), qPrintable(m_config.displayName()));
    std::fflush(stdout);
    QElapsedTimer timer;
    timer.start();
    Corpus corpus;
    ConversationRecord conversation;
    QList<MessageRecord> messages;
    qint64 written = 0, nextReport = m_spec.messages / 20;
    for (int i = 0; i < generator.conversationCount(); ++i) {
        generator.generate(i, &conversation, &messages);
        for (const MessageRecord &message : std::as_const(messages))
            corpus.contentBytes += message.content.toUtf8().size();
        if (i == generator.bigConversation())
            corpus.bigConversationId = conversation.id;
        if (const StorageError added = loader.add(conversation, messages); added.isError())
            return fail(added);
        written += messages.size();
        if (written >= nextReport) {
            const double seconds = double(timer.elapsed()) / 1000.0;
            std::printf("   %3lld%%  %d conversations, %lld messages, %.0f s, %.0f messages/s\n",
                        qlonglong(written * 100 / std::max<qint64>(1, m_spec.messages)), i + 1,
                        qlonglong(written), seconds, double(written) / std::max(seconds, 0.001));
            std::fflush(stdout);
            while (nextReport <= written)
                nextReport += std::max<qint64>(1, m_spec.messages / 20);
        }
    }
    if (const StorageError finished = loader.finish(); finished.isError())
        return fail(finished);
    const double loadSeconds = double(timer.elapsed()) / 1000.0;

    // What a database in use reaches by itself: PostgreSQL's autovacuum analyzes the tables and
    // merges the GIN pending list; SQLite's WAL gets checkpointed.
    QSqlQuery query(db.connection());
    const QString settle = db.dialect() == Database::Dialect::Postgres
                               ? u"VACUUM ANALYZE conversations, messages, message_parts"_s
                               : u"PRAGMA wal_checkpoint(TRUNCATE)"_s;
    std::printf("== Loaded in %.0f s; running %s\n", loadSeconds, qPrintable(settle));
    std::fflush(stdout);
    if (!query.exec(settle))
        return fail(db.errorFrom(query, settle));
    query.finish();
    corpus.generationSeconds = double(timer.elapsed()) / 1000.0;

    marker.insert(u"state"_s, u"complete"_s);
    marker.insert(u"generation_seconds"_s, QString::number(corpus.generationSeconds, 'f', 1));
    marker.insert(u"content_bytes"_s, QString::number(corpus.contentBytes));
    marker.insert(u"big_conversation_id"_s, corpus.bigConversationId);
    if (const StorageError done = CorpusMarker::write(db, marker); done.isError())
        return fail(done);
    std::printf("== Generated in %.0f s (%.0f MB of message text)\n", corpus.generationSeconds,
                double(corpus.contentBytes) / 1e6);
    return corpus;
}
