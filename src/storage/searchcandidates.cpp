// SPDX-License-Identifier: GPL-3.0-or-later
#include "searchcandidates.h"

#include "database.h"

#include <QSqlQuery>
#include <QVariant>

namespace {

// How many of the newest messages are tried one by one before the GIN index is asked instead
// (the words are then not in most recent messages). Each row tried costs a read of its TOASTed
// vector.
constexpr int recentScanRows = 2000;
// The index is first asked for the matches of this many times the stretch of time that should
// hold a window, going by the newest messages.
constexpr int rangeMargin = 3;
// A word whose prefix is in more than this share of messages (its lexemes' summed frequencies)
// is left out of what the index is asked ("the" in "the antter"): reading its postings took
// seconds, while the rows the other words find are few enough to check one by one.
constexpr double frequentShare = 0.1;

QString failed()
{
    return QStringLiteral("cannot search the history");
}

} // namespace

SearchCandidates::SearchCandidates(Database &db)
    : m_db(db)
{}

StorageResult<QStringList> SearchCandidates::newest(const QStringList &words, const QString &tsquery,
                                                    int window)
{
    StorageResult<QStringList> result;
    QSqlQuery query(m_db.connection());
    query.setForwardOnly(true);
    // First the newest messages one by one, newest first (messages_recent), stopping at a full
    // window: quick when the words are in most messages.
    query.prepare(QStringLiteral("SELECT r.id FROM (SELECT m.id, m.search, m.reasoning_search FROM messages m"
                                 " ORDER BY m.created_at DESC, m.id DESC LIMIT ?) r"
                                 " WHERE r.search @@ to_tsquery('simple', CAST(? AS text))"
                                 " OR r.reasoning_search @@ to_tsquery('simple', CAST(? AS text)) LIMIT ?"));
    query.addBindValue(recentScanRows);
    query.addBindValue(tsquery);
    query.addBindValue(tsquery);
    query.addBindValue(window);
    if (!query.exec()) {
        result.error = m_db.errorFrom(query, failed());
        return result;
    }
    while (query.next())
        result.value.append(query.value(0).toString());
    query.finish();
    if (result.value.size() >= window)
        return result;
    const qsizetype recentMatches = result.value.size();

    // The time those rows span (from the index alone). No row past them: every match is found.
    query.prepare(
        QStringLiteral("SELECT (SELECT created_at FROM messages ORDER BY created_at DESC, id DESC LIMIT 1),"
                       " (SELECT created_at FROM messages ORDER BY created_at DESC, id DESC"
                       " LIMIT 1 OFFSET ?)"));
    query.addBindValue(recentScanRows);
    if (!query.exec() || !query.next()) {
        result.error = m_db.errorFrom(query, failed());
        return result;
    }
    if (query.isNull(1))
        return result;
    const qint64 newest = query.value(0).toLongLong();
    const qint64 scannedSpan = newest - query.value(1).toLongLong();
    query.finish();

    const StorageResult<QString> index = indexQuery(words, tsquery);
    if (index.error.isError()) {
        result.error = index.error;
        return result;
    }
    // Fewer than a window there: the GIN index finds the matches, first only those of the
    // stretch of time that should hold a window going by how many the newest rows held (with a
    // margin), then, when that stretch holds fewer, all of them. Either way the newest matches of
    // all, since every match newer than the stretch's start is in it.
    std::optional<qint64> since;
    if (recentMatches > 0) {
        const double span = double(scannedSpan) * window * rangeMargin / double(recentMatches);
        if (span < double(newest))
            since = newest - qint64(span);
    }
    const StorageResult<QStringList> ranged = indexed(index.value, tsquery, since, window);
    if (ranged.error.isError() || ranged.value.size() >= window || !since)
        return ranged;
    return indexed(index.value, tsquery, std::nullopt, window);
}

StorageResult<QString> SearchCandidates::indexQuery(const QStringList &words, const QString &tsquery)
{
    StorageResult<QString> result{tsquery, {}};
    if (words.size() < 2)
        return result;
    // How often each word's lexemes are in messages' answers, from the most common elements the
    // planner's statistics keep (none for a word rarer than all of them). No statistics yet: all
    // words are asked.
    QStringList quoted;
    for (const QString &word : words)
        quoted.append(u'"' + word + u'"'); // letters, digits and marks only: nothing to escape
    QSqlQuery query(m_db.connection());
    query.setForwardOnly(true);
    query.prepare(QStringLiteral(
        "SELECT COALESCE((SELECT sum(e.f) FROM unnest(CAST(CAST(s.most_common_elems AS text) AS text[]),"
        "  s.most_common_elem_freqs) AS e(lexeme, f) WHERE starts_with(e.lexeme, w.word)), 0)"
        " FROM pg_stats s CROSS JOIN unnest(CAST(? AS text[])) WITH ORDINALITY AS w(word, n)"
        " WHERE s.schemaname = current_schema() AND s.tablename = 'messages' AND s.attname = 'search'"
        " AND s.most_common_elems IS NOT NULL ORDER BY w.n"));
    query.addBindValue(u'{' + quoted.join(u',') + u'}');
    if (!query.exec()) {
        result.error = m_db.errorFrom(query, failed());
        return result;
    }
    QStringList kept;
    qsizetype rarest = -1;
    double rarestShare = 0;
    for (qsizetype i = 0; query.next() && i < words.size(); ++i) {
        const double share = query.value(0).toDouble();
        if (share <= frequentShare)
            kept.append(words[i] + QStringLiteral(":*"));
        if (rarest < 0 || share < rarestShare) {
            rarest = i;
            rarestShare = share;
        }
    }
    if (rarest < 0 || kept.size() == words.size())
        return result;
    if (kept.isEmpty())
        kept.append(words[rarest] + QStringLiteral(":*"));
    result.value = kept.join(QStringLiteral(" & "));
    return result;
}

StorageResult<QStringList> SearchCandidates::indexed(const QString &index, const QString &tsquery,
                                                     std::optional<qint64> since, int window)
{
    // Only ids and dates are read, newest first: with enough work_mem the bitmap stays exact, so
    // no row is checked again against its TOASTed vector. "+ 0" keeps the planner from walking
    // messages_recent backwards instead, through every message for a rare word; the stretch of
    // time is a second bitmap ANDed with the index's, so that only its rows are read. Words left
    // out of the index are checked on the rows it finds (COALESCE keeps that check off the index).
    StorageResult<QStringList> result;
    QSqlQuery query(m_db.connection());
    query.setForwardOnly(true);
    if (!query.exec(QStringLiteral("SET work_mem = '64MB'"))) {
        result.error = m_db.errorFrom(query, failed());
        return result;
    }
    const bool checkAll = index != tsquery;
    query.prepare(
        QStringLiteral("SELECT m.id FROM messages m WHERE (m.search @@ to_tsquery('simple', CAST(? AS text))"
                       " OR m.reasoning_search @@ to_tsquery('simple', CAST(? AS text)))%1%2"
                       " ORDER BY m.created_at + 0 DESC, m.id DESC LIMIT ?")
            .arg(checkAll ? QStringLiteral(
                                " AND (COALESCE(m.search @@ to_tsquery('simple', CAST(? AS text)), false)"
                                " OR COALESCE(m.reasoning_search @@ to_tsquery('simple', CAST(? AS text)),"
                                " false))")
                          : QString(),
                 since ? QStringLiteral(" AND m.created_at >= %1").arg(*since) : QString()));
    query.addBindValue(index);
    query.addBindValue(index);
    if (checkAll) {
        query.addBindValue(tsquery);
        query.addBindValue(tsquery);
    }
    query.addBindValue(window);
    const bool found = query.exec();
    if (found) {
        while (query.next())
            result.value.append(query.value(0).toString());
    } else {
        result.error = m_db.errorFrom(query, failed());
    }
    query.finish();
    QSqlQuery reset(m_db.connection());
    if (!reset.exec(QStringLiteral("RESET work_mem")) && found)
        result.error = m_db.errorFrom(reset, failed());
    return result;
}
