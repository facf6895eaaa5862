// SPDX-License-Identifier: GPL-3.0-or-later
// The storage benchmark: generates a large, realistic history (100,000 conversations, 2,000,000
// messages by default) and times, through the app's own repositories, the first page of the
// conversation list, the first page of a 10,000-message conversation, and 100 varied searches.
// bench/storage/run-storage-bench.sh runs it on SQLite and PostgreSQL and writes BENCHMARKS.md.
#include "corpusbuilder.h"
#include "database.h"
#include "databaseconfig.h"
#include "searchqueryset.h"
#include "searchrepository.h"
#include "storagebenchmark.h"
#include "vocabulary.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QSqlQuery>

#include <algorithm>
#include <cstdio>

using namespace Qt::StringLiterals;

namespace {

int fail(const QString &message)
{
    std::fprintf(stderr, "bench_storage: %s\n", qPrintable(message));
    return 1;
}

double databaseMegabytes(Database &db)
{
    if (db.dialect() == Database::Dialect::Sqlite) {
        const QString path = db.config().sqlitePath;
        return double(QFileInfo(path).size() + QFileInfo(path + u"-wal"_s).size()) / 1e6;
    }
    QSqlQuery query(db.connection());
    if (query.exec(u"SELECT pg_database_size(current_database())"_s) && query.next())
        return double(query.value(0).toLongLong()) / 1e6;
    return 0;
}

QString serverVersion(Database &db)
{
    QSqlQuery query(db.connection());
    const QString sql =
        db.dialect() == Database::Dialect::Sqlite ? u"SELECT sqlite_version()"_s : u"SHOW server_version"_s;
    if (query.exec(sql) && query.next())
        return query.value(0).toString().section(u' ', 0, 0);
    return u"unknown"_s;
}

void printReport(const QString &backend, const StorageBenchmark &bench)
{
    std::printf("\n%-52s %5s %9s %9s %9s %8s  %s\n", "operation", "runs", "p50 ms", "p95 ms", "max ms",
                "target", "p95 met");
    for (const StorageBenchmark::Operation &op : bench.operations()) {
        const double p95 = op.latency.percentile(0.95);
        std::printf("%-52s %5d %9.3f %9.3f %9.3f %5.0f ms  %s\n", qPrintable(op.label), op.latency.count(),
                    op.latency.percentile(0.5), p95, op.latency.max(), op.targetMs,
                    p95 < op.targetMs ? "yes" : "NO");
    }

    // Search by kind of query, and the slowest ones: where the time goes when p95 is missed.
    std::printf("\n%-16s %7s %9s %9s %9s\n", "search kind", "queries", "p50 ms", "max ms", "hits");
    QStringList kinds;
    for (const StorageBenchmark::SearchRun &run : bench.searchRuns()) {
        if (!kinds.contains(run.query.kind))
            kinds.append(run.query.kind);
    }
    for (const QString &kind : std::as_const(kinds)) {
        LatencySeries series;
        int hits = 0;
        for (const StorageBenchmark::SearchRun &run : bench.searchRuns()) {
            if (run.query.kind == kind) {
                series.add(run.ms);
                hits += run.hits;
            }
        }
        std::printf("%-16s %7d %9.3f %9.3f %9d\n", qPrintable(kind), series.count(), series.percentile(0.5),
                    series.max(), hits);
    }
    QList<StorageBenchmark::SearchRun> slowest = bench.searchRuns();
    std::sort(slowest.begin(), slowest.end(), [](const auto &a, const auto &b) { return a.ms > b.ms; });
    std::printf("\nslowest searches:");
    QStringList slowList;
    for (qsizetype i = 0; i < std::min<qsizetype>(8, slowest.size()); ++i) {
        slowList.append(u"\"%1\" %2 ms"_s.arg(slowest[i].query.text, QString::number(slowest[i].ms, 'f', 1)));
        std::printf("%s \"%s\" (%s) %.1f ms", i ? "," : "", qPrintable(slowest[i].query.text),
                    qPrintable(slowest[i].query.kind), slowest[i].ms);
    }
    std::printf("\n");
    for (const QString &warning : bench.warnings())
        std::printf("warning: %s\n", qPrintable(warning));

    // For run-storage-bench.sh.
    for (const StorageBenchmark::Operation &op : bench.operations()) {
        const double p95 = op.latency.percentile(0.95);
        std::printf(
            "result backend=%s op=%s runs=%d p50_ms=%.3f p95_ms=%.3f max_ms=%.3f target_ms=%.0f met=%s\n",
            qPrintable(backend), qPrintable(op.key), op.latency.count(), op.latency.percentile(0.5), p95,
            op.latency.max(), op.targetMs, p95 < op.targetMs ? "yes" : "no");
    }
    std::printf("slowest backend=%s %s\n", qPrintable(backend), qPrintable(slowList.join(u", "_s)));
}

// Every query's first page, one hit a line, to compare what two builds find: the same hits in
// the same order, with their snippets. Ranks are rounded: the backends compute them in floats.
bool writeHits(Database &db, const QList<SearchQuerySet::Query> &queries, int page, const QString &path,
               QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate | QIODevice::Text)) {
        *error = u"cannot write %1: %2"_s.arg(path, file.errorString());
        return false;
    }
    SearchRepository search(db);
    for (const SearchQuerySet::Query &query : queries) {
        const auto hits = search.search(query.text, page, 0);
        if (hits.error.isError()) {
            *error = u"search for \"%1\" failed: %2"_s.arg(query.text, hits.error.detail);
            return false;
        }
        file.write(u"query %1 hits=%2\n"_s.arg(query.text).arg(hits.value.size()).toUtf8());
        for (const SearchHit &hit : hits.value) {
            QString snippet = hit.snippet;
            snippet.replace(QChar(0x02), u"[["_s).replace(QChar(0x03), u"]]"_s).replace(u'\n', u' ');
            file.write(u"  %1 %2 %3 %4 %5\n"_s
                           .arg(hit.conversationId, hit.messageId.isEmpty() ? u"-"_s : hit.messageId,
                                QString::number(hit.rank, 'g', 5),
                                hit.inReasoning ? u"thinking"_s : u"answer"_s, snippet)
                           .toUtf8());
        }
    }
    return true;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser options;
    options.setApplicationDescription(
        u"Generates a large history and times the conversation list, a long conversation and search."_s);
    options.addHelpOption();
    const QCommandLineOption backendOption(u"backend"_s, u"sqlite or postgres."_s, u"NAME"_s, u"sqlite"_s);
    const QCommandLineOption databaseOption(u"database"_s,
                                            u"A SQLite file or a postgresql:// URL; reused when it already "
                                            u"holds the corpus."_s,
                                            u"URL|PATH"_s);
    const QCommandLineOption conversationsOption(u"conversations"_s, u"Conversations to generate."_s, u"N"_s,
                                                 u"100000"_s);
    const QCommandLineOption messagesOption(u"messages"_s, u"Messages to generate."_s, u"M"_s, u"2000000"_s);
    const QCommandLineOption regenerateOption(u"regenerate"_s,
                                              u"Generate again even when the corpus is there."_s);
    const QCommandLineOption generateOnlyOption(u"generate-only"_s,
                                                u"Make sure the corpus is there; time nothing."_s);
    const QCommandLineOption repetitionsOption(
        u"repetitions"_s, u"Timed runs of the list and the conversation."_s, u"N"_s, u"50"_s);
    const QCommandLineOption listPageOption(u"list-page"_s, u"Conversations per list page."_s, u"N"_s,
                                            u"50"_s);
    const QCommandLineOption branchPageOption(u"branch-page"_s, u"Messages per conversation page."_s, u"N"_s,
                                              u"50"_s);
    const QCommandLineOption searchPageOption(u"search-page"_s, u"Hits per search page."_s, u"N"_s, u"20"_s);
    const QCommandLineOption hitsOption(u"hits"_s, u"Also write every search's first page to FILE."_s,
                                        u"FILE"_s);
    options.addOptions({backendOption, databaseOption, conversationsOption, messagesOption, regenerateOption,
                        generateOnlyOption, repetitionsOption, listPageOption, branchPageOption,
                        searchPageOption, hitsOption});
    options.process(app);

    const QString backend = options.value(backendOption);
    if (backend != u"sqlite"_s && backend != u"postgres"_s)
        return fail(u"--backend is sqlite or postgres"_s);
    if (!options.isSet(databaseOption))
        return fail(u"--database FILE (SQLite) or --database postgresql://… is required"_s);
    QString error;
    std::optional<DatabaseConfig> config = DatabaseConfig::parse(options.value(databaseOption), &error);
    if (!config)
        return fail(error);
    const auto wanted =
        backend == u"sqlite"_s ? DatabaseConfig::Backend::Sqlite : DatabaseConfig::Backend::Postgres;
    if (config->backend != wanted)
        return fail(u"--database %1 is not a %2 database"_s.arg(config->displayName(), backend));

    CorpusSpec spec;
    bool ok = true, allOk = true;
    spec.conversations = options.value(conversationsOption).toInt(&ok);
    allOk = allOk && ok && spec.conversations > 0;
    spec.messages = options.value(messagesOption).toLongLong(&ok);
    allOk = allOk && ok && spec.messages >= spec.conversations;
    const int repetitions = options.value(repetitionsOption).toInt(&ok);
    allOk = allOk && ok && repetitions > 0;
    const int listPage = options.value(listPageOption).toInt(&ok);
    allOk = allOk && ok && listPage > 0;
    const int branchPage = options.value(branchPageOption).toInt(&ok);
    allOk = allOk && ok && branchPage > 0;
    const int searchPage = options.value(searchPageOption).toInt(&ok);
    allOk = allOk && ok && searchPage > 0;
    if (!allOk)
        return fail(
            u"--conversations, --messages (at least one per conversation), --repetitions and the page "
            u"sizes take positive whole numbers"_s);

    CorpusBuilder builder(*config, spec);
    const std::optional<CorpusBuilder::Corpus> corpus =
        builder.prepare(options.isSet(regenerateOption), &error);
    if (!corpus)
        return fail(error);

    // Measured on a fresh connection with the app's own settings, not the loader's.
    Database db(*config);
    if (const StorageError opened = db.open(); opened.isError())
        return fail(opened.message + u" ("_s + opened.detail + u')');
    const double megabytes = databaseMegabytes(db);
    std::printf("version backend=%s version=%s\n", qPrintable(backend), qPrintable(serverVersion(db)));
    std::printf(
        "dataset backend=%s conversations=%d messages=%lld big_conversation=%d text_mb=%.0f database_mb=%.0f "
        "generation_s=%.0f reused=%s\n",
        qPrintable(backend), spec.conversations, qlonglong(spec.messages),
        int(std::min<qint64>(spec.bigConversationMessages, std::max<qint64>(2, spec.messages / 2))),
        double(corpus->contentBytes) / 1e6, megabytes, corpus->generationSeconds,
        corpus->reused ? "yes" : "no");
    if (options.isSet(generateOnlyOption))
        return 0;

    std::printf("== Timing on %s\n", qPrintable(config->displayName()));
    std::fflush(stdout);
    const Vocabulary vocabulary(spec.seed);
    StorageBenchmark bench(db, listPage, branchPage, searchPage);
    const QList<SearchQuerySet::Query> queries = SearchQuerySet::build(vocabulary, spec.seed);
    if (!bench.run(corpus->bigConversationId, repetitions, queries, &error))
        return fail(error);
    printReport(backend, bench);
    if (options.isSet(hitsOption) && !writeHits(db, queries, searchPage, options.value(hitsOption), &error))
        return fail(error);
    return 0;
}
