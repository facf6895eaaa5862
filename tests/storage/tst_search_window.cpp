// SPDX-License-Identifier: GPL-3.0-or-later
// Full-text search; this file: the window of newest matches when the words are not in most recent
// messages (on PostgreSQL the GIN index then finds them, first over a stretch of recent time).
#include "tst_search.h"

#include <functional>

void TestSearch::newestMatchesOfSparseWords()
{
    QFETCH(QString, backend);
    QString conversationId, why;
    const std::unique_ptr<Database> opened = marsupials(backend, &conversationId, &why);
    QVERIFY2(opened, qPrintable(why));
    Database &db = *opened;

    // 6,000 messages: the newest 2,000 a millisecond apart, the older ones ten. Each word's
    // newest 1,000 matches are known from where it was put.
    constexpr int total = 6000;
    constexpr int recentFrom = 4000;
    const QList<std::pair<QString, std::function<bool(int)>>> words{
        // A few recent matches, many older ones close enough in time: found in the first stretch.
        {QStringLiteral("numbat"),
         [](int i) {
             return i >= 5800 || i < recentFrom;
         }},
        // Half the newest 1,000, then none for a long stretch, then many: that stretch holds too
        // few, and then the whole history is asked.
        {QStringLiteral("quoll"),
         [](int i) {
             return (i >= 5000 && i % 2 == 0) || i < 2000;
         }},
        // Nowhere recent, only long before.
        {QStringLiteral("bilby"),
         [](int i) {
             return i < 1200;
         }},
    };
    QStringList ids;
    QSqlDatabase connection = db.connection();
    QVERIFY(connection.transaction());
    QSqlQuery insert(connection);
    QVERIFY(insert.prepare(messageInsert()));
    for (int i = 0; i < total; ++i) {
        QString content = QStringLiteral("filler number %1").arg(i);
        for (const auto &[word, placed] : words) {
            if (placed(i))
                content += u' ' + word;
        }
        const qint64 at = qint64(1700000000000) + (i >= recentFrom ? i : recentFrom - (recentFrom - i) * 10);
        ids.append(newId());
        insert.addBindValue(ids.last());
        insert.addBindValue(conversationId);
        insert.addBindValue(content);
        insert.addBindValue(at);
        insert.addBindValue(at);
        QVERIFY2(insert.exec(), qPrintable(insert.lastError().text()));
    }
    QVERIFY(connection.commit());

    // With statistics, PostgreSQL leaves "filler" (in every message) out of what its index is
    // asked, and checks it on the rows found.
    QSqlQuery analyze(connection);
    QVERIFY2(analyze.exec(QStringLiteral("ANALYZE messages")), qPrintable(analyze.lastError().text()));

    SearchRepository search(db);
    for (const auto &[word, placed] : words) {
        QSet<QString> expected;
        for (int i = total - 1; i >= 0 && expected.size() < 1000; --i) {
            if (placed(i))
                expected.insert(ids[i]);
        }
        for (const QString &text : {word, u"filler "_s + word}) {
            QSet<QString> seen;
            for (int offset = 0;; offset += 250) {
                const StorageResult<QList<SearchHit>> page = search.search(text, 250, offset);
                QVERIFY2(page.ok(), qPrintable(describe(page.error)));
                for (const SearchHit &hit : page.value)
                    seen.insert(hit.messageId);
                if (page.value.size() < 250)
                    break;
            }
            seen.remove(QString()); // the title does not match, but say so if it ever did
            QVERIFY2(seen == expected,
                     qPrintable(u"%1: %2 hits, %3 of them among its newest 1000 matches"_s.arg(
                         text, QString::number(seen.size()), QString::number((seen & expected).size()))));
        }
    }
}
