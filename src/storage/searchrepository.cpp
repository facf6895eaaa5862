// SPDX-License-Identifier: GPL-3.0-or-later
#include "searchrepository.h"

#include "database.h"
#include "searchcandidates.h"
#include "snippetwindow.h"
#include "sqlvalues.h"
#include "storagelogging.h"

#include <QSqlQuery>
#include <QVariant>

#include <algorithm>

namespace {

// Enough for any real search; bounds the work a pasted essay can cause.
constexpr qsizetype maxTerms = 16;
// Longer words are cut: the prefix still finds them, and PostgreSQL ignores lexemes over 2047 bytes.
constexpr qsizetype maxTermLength = 64;
// How many of the newest matches are ranked (messages, and titles apart): the most relevant of
// them come first, and paging ends after them. Bounds the work a very common word can cause.
constexpr int candidateWindow = 1000;
// Words of context around a highlight.
constexpr int snippetTokens = 12;

const QChar highlightStart(0x02);
const QChar highlightEnd(0x03);

bool isWordCharacter(char32_t ucs4)
{
    // Marks belong to the word they sit on (decomposed accents, Indic vowel signs).
    return QChar::isLetterOrNumber(ucs4) || QChar::isMark(ucs4);
}

// The snippets of one kind of the page's hits, from its FTS5 table, as the CTE `name`.
QString snippets(const QString &name, const QString &table, int kind)
{
    return QStringLiteral("%1 AS MATERIALIZED (SELECT rowid AS rid,"
                          "  snippet(%2, 0, char(2), char(3), '…', %4) AS snip FROM %2"
                          "  WHERE %2 MATCH ? AND rowid >= (SELECT min(rid) FROM page WHERE kind = %3)"
                          "  AND +rowid IN (SELECT rid FROM page WHERE kind = %3))")
        .arg(name, table)
        .arg(kind)
        .arg(snippetTokens);
}

} // namespace

SearchRepository::SearchRepository(Database &db)
    : m_db(db)
{}

QStringList SearchRepository::terms(const QString &text)
{
    // Composed first, so that "e" + U+0301 stays one word "é".
    const QString composed = text.normalized(QString::NormalizationForm_C);
    QStringList words;
    QString word;
    const auto endWord = [&]() {
        if (!word.isEmpty() && words.size() < maxTerms) {
            const QString lower = word.toLower();
            if (!words.contains(lower))
                words.append(lower);
        }
        word.clear();
    };
    for (qsizetype i = 0; i < composed.size() && words.size() < maxTerms; ++i) {
        char32_t ucs4 = composed.at(i).unicode();
        qsizetype units = 1;
        if (QChar::isHighSurrogate(ucs4) && i + 1 < composed.size() && composed.at(i + 1).isLowSurrogate()) {
            ucs4 = QChar::surrogateToUcs4(composed.at(i), composed.at(i + 1));
            units = 2;
        }
        if (isWordCharacter(ucs4)) {
            if (word.size() + units <= maxTermLength)
                word.append(QStringView(composed).mid(i, units));
        } else {
            endWord();
        }
        i += units - 1;
    }
    endWord();
    return words;
}

StorageResult<QList<SearchHit>> SearchRepository::search(const QString &text, int limit, int offset)
{
    StorageResult<QList<SearchHit>> result;
    const QStringList words = terms(text);
    if (words.isEmpty() || limit <= 0)
        return result;
    offset = std::max(offset, 0);
    qCDebug(lcStorage) << "searching for" << words;
    return m_db.dialect() == Database::Dialect::Sqlite ? searchSqlite(words, limit, offset)
                                                       : searchPostgres(words, limit, offset);
}

StorageResult<QList<SearchHit>> SearchRepository::searchSqlite(const QStringList &words, int limit,
                                                               int offset)
{
    StorageResult<QList<SearchHit>> result;
    // Each word a quoted string with a prefix star, joined by spaces (AND). Words hold only
    // letters, digits and marks, so nothing in them is FTS5 syntax, and AND/OR/NOT/NEAR are
    // quoted strings, not operators.
    QStringList phrases;
    for (const QString &word : words)
        phrases.append(u'"' + word + QStringLiteral("\"*"));
    const QString match = phrases.join(u' ');

    // Only the newest matches are ranked: FTS5 walks its index by descending rowid (insertion
    // order, so newest first) and stops after the window, where ranking every match of a common
    // word took seconds. Then one page of the window, and snippets for that page only. bm25() is
    // lower for better matches: negated so that higher is better, as SearchHit says.
    // Kinds: 0 a message's answer, 1 a title, 2 a message's thinking (messages_reasoning_fts,
    // whose rowid is the message's); a message found in both is its answer's hit.
    QSqlQuery query(m_db.connection());
    query.setForwardOnly(true);
    query.prepare(
        QStringLiteral(
            "WITH hits (kind, rid, score) AS MATERIALIZED ("
            " SELECT * FROM (SELECT 0, rowid, bm25(messages_fts) FROM messages_fts"
            "  WHERE messages_fts MATCH ? ORDER BY rowid DESC LIMIT ?)"
            " UNION ALL"
            " SELECT * FROM (SELECT 1, rowid, bm25(conversations_fts) FROM conversations_fts"
            "  WHERE conversations_fts MATCH ? ORDER BY rowid DESC LIMIT ?)"
            " UNION ALL"
            " SELECT * FROM (SELECT 2, rowid, bm25(messages_reasoning_fts) FROM messages_reasoning_fts"
            "  WHERE messages_reasoning_fts MATCH ? ORDER BY rowid DESC LIMIT ?)),"
            " page AS MATERIALIZED (SELECT kind, rid, score FROM hits"
            "  WHERE kind <> 2 OR rid NOT IN (SELECT rid FROM hits WHERE kind = 0)"
            "  ORDER BY score, kind, rid LIMIT ? OFFSET ?),"
            // The page's snippets in one pass over the index each, from the page's oldest rowid:
            // looking each row up by rowid made FTS5 merge a prefix's doclists again every time.
            // "+rowid" keeps that IN from becoming one lookup per row.
            " %1"
            " SELECT c.id, CASE WHEN page.kind <> 1 THEN m.id ELSE '' END, c.title,"
            " COALESCE(ms.snip, cs.snip, rs.snip, ''), -page.score, page.kind = 2"
            " FROM page"
            " LEFT JOIN msnips ms ON page.kind = 0 AND ms.rid = page.rid"
            " LEFT JOIN csnips cs ON page.kind = 1 AND cs.rid = page.rid"
            " LEFT JOIN rsnips rs ON page.kind = 2 AND rs.rid = page.rid"
            " LEFT JOIN messages m ON page.kind <> 1 AND m.rowid = page.rid"
            " LEFT JOIN conversations t ON page.kind = 1 AND t.rowid = page.rid"
            " JOIN conversations c ON c.id = COALESCE(m.conversation_id, t.id)"
            " ORDER BY page.score, page.kind, page.rid")
            .arg(QStringList{snippets(QStringLiteral("msnips"), QStringLiteral("messages_fts"), 0),
                             snippets(QStringLiteral("csnips"), QStringLiteral("conversations_fts"), 1),
                             snippets(QStringLiteral("rsnips"), QStringLiteral("messages_reasoning_fts"), 2)}
                     .join(QStringLiteral(", "))));
    for (int index = 0; index < 3; ++index) {
        query.addBindValue(match);
        query.addBindValue(candidateWindow);
    }
    query.addBindValue(limit);
    query.addBindValue(offset);
    for (int index = 0; index < 3; ++index)
        query.addBindValue(match);
    if (!query.exec()) {
        result.error = m_db.errorFrom(query, QStringLiteral("cannot search the history"));
        return result;
    }
    while (query.next()) {
        SearchHit hit;
        hit.conversationId = query.value(0).toString();
        hit.messageId = query.value(1).toString();
        hit.title = SqlValues::textFrom(query.value(2));
        hit.snippet = SnippetWindow::clamp(SqlValues::textFrom(query.value(3)));
        hit.rank = query.value(4).toDouble();
        hit.inReasoning = query.value(5).toBool();
        result.value.append(hit);
    }
    return result;
}

StorageResult<QList<SearchHit>> SearchRepository::searchPostgres(const QStringList &words, int limit,
                                                                 int offset)
{
    StorageResult<QList<SearchHit>> result;
    QSqlQuery query(m_db.connection());
    query.setForwardOnly(true);

    // The index holds confab_unaccent(text): the words go through it too. What comes back is
    // split into words again, since unaccent may turn a letter into punctuation (⑴ → "(1)"), and
    // tsquery syntax must never come from anything but the code below.
    query.prepare(QStringLiteral("SELECT confab_unaccent(?)"));
    query.addBindValue(words.join(u' '));
    if (!query.exec() || !query.next()) {
        result.error = m_db.errorFrom(query, QStringLiteral("cannot search the history"));
        return result;
    }
    const QStringList plain = terms(query.value(0).toString());
    query.finish();
    if (plain.isEmpty())
        return result;
    QStringList prefixes;
    for (const QString &word : plain)
        prefixes.append(word + QStringLiteral(":*"));
    const QString tsquery = prefixes.join(QStringLiteral(" & "));

    // The candidates are the newest matching messages (at most candidateWindow), found without
    // ranking any. The tsquery is written inline in each statement, so that the planner sees the
    // words and can estimate how many rows match.
    const StorageResult<QStringList> candidates =
        SearchCandidates(m_db).newest(plain, tsquery, candidateWindow);
    if (candidates.error.isError()) {
        result.error = candidates.error;
        return result;
    }
    QStringList quoted;
    for (QString id : candidates.value) {
        id.replace(u'\\', QStringLiteral("\\\\")).replace(u'"', QStringLiteral("\\\""));
        quoted.append(u'"' + id + u'"');
    }
    const QString idArray = u'{' + quoted.join(u',') + u'}';

    // Ranks only the candidates (and the newest matching titles), keeps one page, and only then
    // makes headlines for that page (ts_headline reads the whole text). The headline is made from
    // the text as written, and from its unaccented form when the words matched only there ("cafe"
    // finding "café").
    const QString options = QStringLiteral("StartSel=%1, StopSel=%2, MaxWords=%3, MinWords=%4")
                                .arg(highlightStart)
                                .arg(highlightEnd)
                                .arg(snippetTokens)
                                .arg(snippetTokens / 2);
    query.prepare(QStringLiteral(
        "WITH found AS ("
        "  SELECT m.conversation_id, m.id, m.search, m.reasoning_search,"
        "   COALESCE(m.search @@ to_tsquery('simple', CAST(? AS text)), false) AS in_answer"
        "  FROM messages m WHERE m.id = ANY (CAST(? AS text[]))),"
        // A message found in its answer and in its thinking is its answer's hit.
        " hits AS ("
        "  SELECT f.conversation_id, f.id AS message_id, ts_rank_cd(CASE WHEN f.in_answer THEN f.search"
        "   ELSE f.reasoning_search END, to_tsquery('simple', CAST(? AS text))) AS rank,"
        "   NOT f.in_answer AS in_reasoning FROM found f"
        "  UNION ALL"
        "  SELECT t.id, '', ts_rank_cd(t.search, to_tsquery('simple', CAST(? AS text))), false FROM"
        "   (SELECT c.id, c.search FROM conversations c"
        "    WHERE c.search @@ to_tsquery('simple', CAST(? AS text))"
        "    ORDER BY c.created_at DESC, c.id DESC LIMIT ?) t),"
        " page AS (SELECT conversation_id, message_id, rank, in_reasoning FROM hits"
        "  ORDER BY rank DESC, conversation_id, message_id LIMIT ? OFFSET ?),"
        " texts AS (SELECT page.*, c.title, CASE WHEN page.message_id = '' THEN c.title"
        "  WHEN page.in_reasoning THEN (SELECT string_agg(p.text, E'\\n\\n' ORDER BY p.position)"
        "   FROM message_parts p WHERE p.message_id = page.message_id AND p.type = 'reasoning'"
        "   AND p.text <> '')"
        "  ELSE m.content END AS body"
        "  FROM page JOIN conversations c ON c.id = page.conversation_id"
        "  LEFT JOIN messages m ON m.id = page.message_id)"
        // The unaccented headline only when the one as written has no highlight (chr(2)).
        " SELECT h.conversation_id, h.message_id, h.title, h.headline,"
        " CASE WHEN strpos(h.headline, chr(2)) > 0 THEN '' ELSE ts_headline('simple',"
        "  confab_unaccent(h.body), to_tsquery('simple', CAST(? AS text)), CAST(? AS text)) END,"
        " h.rank, h.in_reasoning FROM (SELECT texts.*, ts_headline('simple', texts.body,"
        "  to_tsquery('simple', CAST(? AS text)), CAST(? AS text)) AS headline FROM texts OFFSET 0) h"
        " ORDER BY h.rank DESC, h.conversation_id, h.message_id"));
    query.addBindValue(tsquery);
    query.addBindValue(idArray);
    query.addBindValue(tsquery);
    query.addBindValue(tsquery);
    query.addBindValue(tsquery);
    query.addBindValue(candidateWindow);
    query.addBindValue(limit);
    query.addBindValue(offset);
    query.addBindValue(tsquery);
    query.addBindValue(options);
    query.addBindValue(tsquery);
    query.addBindValue(options);
    if (!query.exec()) {
        result.error = m_db.errorFrom(query, QStringLiteral("cannot search the history"));
        return result;
    }
    while (query.next()) {
        SearchHit hit;
        hit.conversationId = query.value(0).toString();
        hit.messageId = query.value(1).toString();
        hit.title = SqlValues::textFrom(query.value(2));
        const QString asWritten = query.value(3).toString();
        hit.snippet = SnippetWindow::clamp(
            SqlValues::textFrom(asWritten.contains(highlightStart) ? asWritten : query.value(4).toString()));
        hit.rank = query.value(5).toDouble();
        hit.inReasoning = query.value(6).toBool();
        result.value.append(hit);
    }
    return result;
}
