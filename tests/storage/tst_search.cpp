// SPDX-License-Identifier: GPL-3.0-or-later
#include "conversationrepository.h"
#include "database.h"
#include "searchrepository.h"
#include "testdatabases.h"

#include <QSet>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>
#include <QUuid>

#include <limits>
#include <memory>

using namespace Qt::Literals::StringLiterals;

namespace {

QString newId()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

QString describe(const StorageError &error)
{
    return error.message + u' ' + error.detail;
}

// What a hit stands for in the expectations: the message's label, or "title:" and the
// conversation's label.
using Labels = QMap<QString, QString>; // id → label

// The history every search case runs against: one message per label.
const QList<std::pair<QString, QString>> &corpus()
{
    static const QList<std::pair<QString, QString>> messages{
        {QStringLiteral("and"), QStringLiteral("rock and roll")},
        {QStringLiteral("or"), QStringLiteral("this or that")},
        {QStringLiteral("not"), QStringLiteral("not now")},
        {QStringLiteral("near"), QStringLiteral("near the sea")},
        {QStringLiteral("apple2"), QStringLiteral("apple apple")},
        {QStringLiteral("apple1"), QStringLiteral("apple pear")},
        {QStringLiteral("cafe"), QStringLiteral("a café on the corner")},
        {QStringLiteral("confab"), QStringLiteral("Confab is fast")},
        {QStringLiteral("drop"), QStringLiteral("drop table messages, they said")},
        {QStringLiteral("emoji"), QStringLiteral("party 🎉 time")},
        {QStringLiteral("path"), QStringLiteral("see c:\\windows\\system for it")},
        {QStringLiteral("quote"), QStringLiteral("she said \"hello\" and 'bye'")},
    };
    return messages;
}

// A word as the snippet highlights it.
QString marked(const QString &word)
{
    return QChar(0x02) + word + QChar(0x03);
}

} // namespace

class TestSearch : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    // A fresh database holding corpus(): messages in conversation "chat", whose title is
    // "Confab café notes", and a conversation "other" titled "Other".
    std::unique_ptr<Database> seeded(const QString &backend, Labels *labels, QString *why)
    {
        const std::optional<DatabaseConfig> config = TestDatabases::fresh(backend, m_dir.path(), why);
        if (!config)
            return nullptr;
        auto db = std::make_unique<Database>(*config);
        if (const StorageError error = db->open(); error.isError()) {
            *why = describe(error);
            return nullptr;
        }
        ConversationRepository repository(*db);
        ConversationRecord chat;
        chat.id = newId();
        chat.title = QStringLiteral("Confab café notes");
        ConversationRecord other;
        other.id = newId();
        other.title = QStringLiteral("Other");
        for (const ConversationRecord &conversation : {chat, other}) {
            if (const StorageError error = repository.saveConversation(conversation); error.isError()) {
                *why = describe(error);
                return nullptr;
            }
        }
        labels->insert(chat.id, QStringLiteral("title:chat"));
        labels->insert(other.id, QStringLiteral("title:other"));
        QString parent;
        for (const auto &[label, text] : corpus()) {
            MessageRecord message;
            message.id = newId();
            message.conversationId = chat.id;
            message.parentId = parent;
            message.content = text;
            if (const StorageError error = repository.saveMessage(message); error.isError()) {
                *why = describe(error);
                return nullptr;
            }
            labels->insert(message.id, label);
            parent = message.id;
        }
        return db;
    }

    static bool unaccentWorks(Database &db)
    {
        if (db.dialect() == Database::Dialect::Sqlite)
            return true; // remove_diacritics 2
        QSqlQuery query(db.connection());
        return query.exec(QStringLiteral("SELECT confab_unaccent('café')")) && query.next() &&
               query.value(0).toString() == u"cafe";
    }

    static bool unaccentOnServer(Database &db)
    {
        QSqlQuery query(db.connection());
        return query.exec(
                   QStringLiteral("SELECT count(*) FROM pg_available_extensions WHERE name = 'unaccent'")) &&
               query.next() && query.value(0).toInt() == 1;
    }

    static QStringList labelsOf(const QList<SearchHit> &hits, const Labels &labels)
    {
        QStringList found;
        for (const SearchHit &hit : hits)
            found.append(labels.value(hit.messageId.isEmpty() ? hit.conversationId : hit.messageId,
                                      QStringLiteral("?")));
        found.sort();
        return found;
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void terms_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QStringList>("expected");
        QTest::newRow("plain") << QStringLiteral("Hello, World!") << QStringList{u"hello"_s, u"world"_s};
        QTest::newRow("empty") << QString() << QStringList{};
        QTest::newRow("punctuation only") << QStringLiteral("\"*-:^()'; --\\") << QStringList{};
        QTest::newRow("duplicates") << QStringLiteral("a A a") << QStringList{u"a"_s};
        QTest::newRow("operators are words")
            << QStringLiteral("x AND y OR NOT z NEAR")
            << QStringList{u"x"_s, u"and"_s, u"y"_s, u"or"_s, u"not"_s, u"z"_s, u"near"_s};
        QTest::newRow("decomposed accent")
            << QStringLiteral("cafe\u0301") << QStringList{QStringLiteral("café")};
        QTest::newRow("astral letters")
            << QStringLiteral("𝒜𝒷 x") << QStringList{QStringLiteral("𝒜𝒷"), u"x"_s};
        QTest::newRow("emoji splits") << QStringLiteral("party🎉time") << QStringList{u"party"_s, u"time"_s};
        QTest::newRow("nul splits") << QStringLiteral("ab") + QChar(0) + QStringLiteral("cd")
                                    << QStringList{u"ab"_s, u"cd"_s};
        QTest::newRow("digits") << QStringLiteral("gpt-4o 2024") << QStringList{u"gpt"_s, u"4o"_s, u"2024"_s};
        QStringList many;
        QString text;
        for (int i = 0; i < 40; ++i) {
            text += QStringLiteral("w%1 ").arg(i);
            if (i < 16)
                many.append(QStringLiteral("w%1").arg(i));
        }
        QTest::newRow("at most 16") << text << many;
        QTest::newRow("long word cut") << QString(10000, u'x') << QStringList{QString(64, u'x')};
    }
    void terms()
    {
        QFETCH(QString, text);
        QFETCH(QStringList, expected);
        QCOMPARE(SearchRepository::terms(text), expected);
    }

    void hostileAndPlain_data()
    {
        QTest::addColumn<QString>("backend");
        QTest::addColumn<QString>("query");
        QTest::addColumn<QStringList>("expected"); // labels, sorted
        const QStringList apples{u"apple1"_s, u"apple2"_s};
        const QList<std::tuple<const char *, QString, QStringList>> cases{
            {"plain", QStringLiteral("apple"), apples},
            {"quoted", QStringLiteral("\"apple\""), apples},
            {"unbalanced quote", QStringLiteral("\"apple"), apples},
            {"single quotes", QStringLiteral("'apple'"), apples},
            {"star", QStringLiteral("apple*"), apples},
            {"lone star", QStringLiteral("*"), {}},
            {"minus", QStringLiteral("-apple"), apples},
            {"minus between", QStringLiteral("apple -pear"), {u"apple1"_s}},
            {"column filter", QStringLiteral("roll:and"), {u"and"_s}},
            {"caret", QStringLiteral("^apple"), apples},
            {"parentheses", QStringLiteral("(rock AND roll)"), {u"and"_s}},
            {"unbalanced parenthesis", QStringLiteral("(apple"), apples},
            {"and", QStringLiteral("and"), {u"and"_s, u"quote"_s}},
            {"AND", QStringLiteral("AND"), {u"and"_s, u"quote"_s}},
            {"OR", QStringLiteral("OR"), {u"or"_s}},
            {"NOT", QStringLiteral("NOT"), {u"not"_s, u"title:chat"_s}}, // "notes"
            {"NEAR", QStringLiteral("NEAR"), {u"near"_s}},
            {"NEAR group", QStringLiteral("NEAR(apple pear)"), {}},
            {"injection", QStringLiteral("'; DROP TABLE messages; --"), {u"drop"_s}},
            {"backslashes", QStringLiteral("c:\\windows\\"), {u"path"_s}},
            {"trailing backslash", QStringLiteral("apple\\"), apples},
            {"nul", QStringLiteral("apple") + QChar(0) + QStringLiteral("pear"), {u"apple1"_s}},
            {"emoji and word", QStringLiteral("🎉 party"), {u"emoji"_s}},
            {"emoji only", QStringLiteral("🎉"), {}},
            {"empty", QString(), {}},
            {"blank", QStringLiteral("  \t\n "), {}},
            {"tsquery syntax", QStringLiteral("apple:* & !pear | <-> x"), {}},
            {"tsquery negation", QStringLiteral("!pear"), {u"apple1"_s}},
            {"long input", QStringLiteral("apple ").repeated(1700), apples},
            {"long word", QString(10000, u'q'), {}},
            {"long mixed", QString(5000, u'(') + QStringLiteral("apple") + QString(5000, u'"'), apples},
            {"prefix", QStringLiteral("conf"), {u"confab"_s, u"title:chat"_s}},
            {"upper case", QStringLiteral("CONFAB"), {u"confab"_s, u"title:chat"_s}},
            {"quoted word", QStringLiteral("hello"), {u"quote"_s}},
            {"words are all needed", QStringLiteral("rock sea"), {}},
        };
        for (const QString &backend : TestDatabases::backends()) {
            for (const auto &[name, query, expected] : cases)
                QTest::addRow("%s-%s", qPrintable(backend), name) << backend << query << expected;
        }
    }
    void hostileAndPlain()
    {
        QFETCH(QString, backend);
        QFETCH(QString, query);
        QFETCH(QStringList, expected);
        Labels labels;
        QString why;
        const std::unique_ptr<Database> db = seeded(backend, &labels, &why);
        QVERIFY2(db, qPrintable(why));
        SearchRepository search(*db);

        const StorageResult<QList<SearchHit>> hits = search.search(query, 50);
        QVERIFY2(hits.ok(), qPrintable(describe(hits.error)));
        QCOMPARE(labelsOf(hits.value, labels), expected);
        // Nothing happened to the tables.
        QSqlQuery count(db->connection());
        QVERIFY(count.exec(QStringLiteral("SELECT count(*) FROM messages")) && count.next());
        QCOMPARE(count.value(0).toInt(), corpus().size());
    }

    void diacritics_data() { TestDatabases::addBackendRows(); }
    void diacritics()
    {
        QFETCH(QString, backend);
        Labels labels;
        QString why;
        const std::unique_ptr<Database> db = seeded(backend, &labels, &why);
        QVERIFY2(db, qPrintable(why));
        SearchRepository search(*db);

        // As written always works.
        QCOMPARE(labelsOf(search.search(QStringLiteral("café")).value, labels),
                 (QStringList{u"cafe"_s, u"title:chat"_s}));
        if (!unaccentWorks(*db)) {
            // PostgreSQL without the unaccent extension (postgresql-contrib) matches accents
            // exactly: a limitation we state, not skip. It must be because the server lacks it.
            QVERIFY2(!unaccentOnServer(*db),
                     "unaccent is available on the server but confab_unaccent does not use it");
            QCOMPARE(labelsOf(search.search(QStringLiteral("cafe")).value, labels), QStringList{});
            return;
        }
        for (const QString &query : {QStringLiteral("cafe"), QStringLiteral("CAFE"), QStringLiteral("cafè"),
                                     QStringLiteral("caf"), QStringLiteral("cafe\u0301")}) {
            const StorageResult<QList<SearchHit>> hits = search.search(query);
            QVERIFY2(hits.ok(), qPrintable(describe(hits.error)));
            QCOMPARE(labelsOf(hits.value, labels), (QStringList{u"cafe"_s, u"title:chat"_s}));
            for (const SearchHit &hit : hits.value) {
                // The snippet marks the word, as written.
                QVERIFY2(hit.snippet.contains(QStringLiteral("\x02")), qPrintable(hit.snippet));
                QVERIFY2(hit.snippet.contains(u"caf"), qPrintable(hit.snippet));
            }
        }
    }

    void hitsAndSnippets_data() { TestDatabases::addBackendRows(); }
    void hitsAndSnippets()
    {
        QFETCH(QString, backend);
        Labels labels;
        QString why;
        const std::unique_ptr<Database> db = seeded(backend, &labels, &why);
        QVERIFY2(db, qPrintable(why));
        SearchRepository search(*db);

        // A title hit: no message, the conversation's title, the word marked.
        StorageResult<QList<SearchHit>> hits = search.search(QStringLiteral("notes"));
        QVERIFY2(hits.ok(), qPrintable(describe(hits.error)));
        QCOMPARE(hits.value.size(), 1);
        QCOMPARE(hits.value[0].messageId, QString());
        QCOMPARE(labels.value(hits.value[0].conversationId), QStringLiteral("title:chat"));
        QCOMPARE(hits.value[0].title, QStringLiteral("Confab café notes"));
        QVERIFY2(hits.value[0].snippet.contains(marked(u"notes"_s)), qPrintable(hits.value[0].snippet));

        // A message hit: its conversation and title, the word marked in context.
        hits = search.search(QStringLiteral("corner"));
        QCOMPARE(hits.value.size(), 1);
        QCOMPARE(labels.value(hits.value[0].messageId), QStringLiteral("cafe"));
        QCOMPARE(labels.value(hits.value[0].conversationId), QStringLiteral("title:chat"));
        QCOMPARE(hits.value[0].title, QStringLiteral("Confab café notes"));
        QVERIFY2(hits.value[0].snippet.contains(marked(u"corner"_s)), qPrintable(hits.value[0].snippet));
        QVERIFY2(hits.value[0].snippet.contains(QStringLiteral("café")), qPrintable(hits.value[0].snippet));

        // Ranking: the word twice beats the word once.
        hits = search.search(QStringLiteral("apple"));
        QCOMPARE(hits.value.size(), 2);
        QCOMPARE(labels.value(hits.value[0].messageId), QStringLiteral("apple2"));
        QCOMPARE(labels.value(hits.value[1].messageId), QStringLiteral("apple1"));
        QVERIFY2(hits.value[0].rank > hits.value[1].rank,
                 qPrintable(QStringLiteral("%1 <= %2").arg(hits.value[0].rank).arg(hits.value[1].rank)));

        // The index follows edits and deletes.
        ConversationRepository repository(*db);
        MessageRecord edited = repository.message(labels.key(QStringLiteral("apple2"))).value;
        edited.content = QStringLiteral("banana split");
        QVERIFY(!repository.saveMessage(edited).isError());
        QCOMPARE(labelsOf(search.search(QStringLiteral("apple")).value, labels), QStringList{u"apple1"_s});
        QCOMPARE(labelsOf(search.search(QStringLiteral("banan")).value, labels), QStringList{u"apple2"_s});
        ConversationRecord renamed = repository.conversation(labels.key(QStringLiteral("title:other"))).value;
        renamed.title = QStringLiteral("Renamed banana");
        QVERIFY(!repository.saveConversation(renamed).isError());
        QCOMPARE(labelsOf(search.search(QStringLiteral("banana")).value, labels),
                 (QStringList{u"apple2"_s, u"title:other"_s}));
        QVERIFY(!repository.deleteConversation(edited.conversationId).isError());
        QCOMPARE(labelsOf(search.search(QStringLiteral("banana")).value, labels),
                 QStringList{u"title:other"_s});
        QCOMPARE(search.search(QStringLiteral("apple")).value.size(), 0);
    }

    // Words of tens of thousands of characters around a match, and a query of many words:
    // the snippet stays short, with the match in it.
    void snippetIsBounded_data() { TestDatabases::addBackendRows(); }
    void snippetIsBounded()
    {
        QFETCH(QString, backend);
        Labels labels;
        QString why;
        const std::unique_ptr<Database> db = seeded(backend, &labels, &why);
        QVERIFY2(db, qPrintable(why));
        ConversationRepository repository(*db);
        const QString chatId = labels.key(QStringLiteral("title:chat"));
        MessageRecord huge;
        huge.id = newId();
        huge.conversationId = chatId;
        QStringList words;
        for (int i = 0; i < 40; ++i)
            words.append(QStringLiteral("w%1").arg(i));
        huge.content = QString(30000, u'x') + u" zebra "_s + QString(30000, u'y') + u' ' + words.join(u' ') +
                       u' ' + QString(30000, u'z');
        const StorageError saved = repository.saveMessage(huge);
        QVERIFY2(!saved.isError(), qPrintable(describe(saved)));
        SearchRepository search(*db);
        for (const QString &query : {u"zebra"_s, words.mid(0, 16).join(u' '), u"zebra w1 w2 w3"_s}) {
            const StorageResult<QList<SearchHit>> hits = search.search(query);
            QVERIFY2(hits.ok(), qPrintable(describe(hits.error)));
            QCOMPARE(hits.value.size(), 1);
            const QString snippet = hits.value[0].snippet;
            QVERIFY2(snippet.size() <= 300, qPrintable(QString::number(snippet.size())));
            QVERIFY2(snippet.contains(QChar(0x02)) && snippet.contains(QChar(0x03)), qPrintable(snippet));
            QCOMPARE(snippet.count(QChar(0x02)), snippet.count(QChar(0x03)));
        }
    }

    void paging_data() { TestDatabases::addBackendRows(); }
    void paging()
    {
        QFETCH(QString, backend);
        QString why;
        const std::optional<DatabaseConfig> config = TestDatabases::fresh(backend, m_dir.path(), &why);
        QVERIFY2(config, qPrintable(why));
        Database db(*config);
        const StorageError opened = db.open();
        QVERIFY2(!opened.isError(), qPrintable(describe(opened)));
        ConversationRepository repository(db);
        SearchRepository search(db);

        ConversationRecord conversation;
        conversation.id = newId();
        conversation.title = QStringLiteral("Zebra facts");
        QVERIFY(!repository.saveConversation(conversation).isError());
        // 25 messages that match with different strengths, and one title.
        for (int i = 0; i < 25; ++i) {
            MessageRecord message;
            message.id = newId();
            message.conversationId = conversation.id;
            message.content =
                QStringLiteral("zebra ").repeated(1 + i % 5) + QStringLiteral("stripes number %1").arg(i);
            QVERIFY(!repository.saveMessage(message).isError());
        }

        QSet<QString> seen;
        double previous = std::numeric_limits<double>::infinity();
        int titles = 0;
        for (int offset = 0; offset < 40; offset += 10) {
            const StorageResult<QList<SearchHit>> page = search.search(QStringLiteral("zebr"), 10, offset);
            QVERIFY2(page.ok(), qPrintable(describe(page.error)));
            QCOMPARE(page.value.size(), offset < 20 ? 10 : offset == 20 ? 6 : 0);
            for (const SearchHit &hit : page.value) {
                QVERIFY(hit.rank <= previous);
                previous = hit.rank;
                const QString key = hit.messageId.isEmpty() ? hit.conversationId : hit.messageId;
                QVERIFY2(!seen.contains(key), "a hit came twice");
                seen.insert(key);
                titles += hit.messageId.isEmpty() ? 1 : 0;
            }
        }
        QCOMPARE(seen.size(), 26);
        QCOMPARE(titles, 1);
        QCOMPARE(search.search(QStringLiteral("zebra"), 0).value.size(), 0);
        QCOMPARE(search.search(QStringLiteral("zebra"), 10, -5).value.size(), 10);
    }

    // Only the newest 1000 matching messages are ranked: the most relevant among the most recent
    // matches come first, an older message never shows however relevant, and paging ends there.
    void newestMatchesWindow_data() { TestDatabases::addBackendRows(); }
    void newestMatchesWindow()
    {
        QFETCH(QString, backend);
        QString why;
        const std::optional<DatabaseConfig> config = TestDatabases::fresh(backend, m_dir.path(), &why);
        QVERIFY2(config, qPrintable(why));
        Database db(*config);
        const StorageError opened = db.open();
        QVERIFY2(!opened.isError(), qPrintable(describe(opened)));
        ConversationRepository repository(db);
        ConversationRecord conversation;
        conversation.id = newId();
        conversation.title = QStringLiteral("Marsupials");
        QVERIFY(!repository.saveConversation(conversation).isError());

        // Oldest first, as the app saves them: the oldest is the most relevant of all, one recent
        // message is the most relevant of the newest 1000.
        constexpr int matches = 1005;
        const int bestRecent = matches - 300;
        QString oldestId;
        QString bestRecentId;
        QSqlDatabase connection = db.connection();
        QVERIFY(connection.transaction());
        QSqlQuery insert(connection);
        QVERIFY(insert.prepare(QStringLiteral(
            "INSERT INTO messages (id, conversation_id, role, content, status, created_at, updated_at)"
            " VALUES (?, ?, 'user', ?, 'complete', ?, ?)")));
        for (int i = 0; i < matches; ++i) {
            const QString id = newId();
            const int times = i == 0 ? 6 : i == bestRecent ? 3 : 1;
            insert.addBindValue(id);
            insert.addBindValue(conversation.id);
            insert.addBindValue(QStringLiteral("quokka ").repeated(times) +
                                QStringLiteral("hops along the path number %1 of many").arg(i));
            insert.addBindValue(qint64(1700000000000) + i);
            insert.addBindValue(qint64(1700000000000) + i);
            QVERIFY2(insert.exec(), qPrintable(insert.lastError().text()));
            if (i == 0)
                oldestId = id;
            if (i == bestRecent)
                bestRecentId = id;
        }
        QVERIFY(connection.commit());

        SearchRepository search(db);
        const StorageResult<QList<SearchHit>> first = search.search(QStringLiteral("quokk"), 5);
        QVERIFY2(first.ok(), qPrintable(describe(first.error)));
        QCOMPARE(first.value.size(), 5);
        QCOMPARE(first.value[0].messageId, bestRecentId);

        QSet<QString> seen;
        for (int offset = 0;; offset += 100) {
            const StorageResult<QList<SearchHit>> page = search.search(QStringLiteral("quokka"), 100, offset);
            QVERIFY2(page.ok(), qPrintable(describe(page.error)));
            for (const SearchHit &hit : page.value) {
                QVERIFY2(!seen.contains(hit.messageId), "a hit came twice");
                seen.insert(hit.messageId);
            }
            if (page.value.size() < 100)
                break;
        }
        QCOMPARE(seen.size(), 1000);
        QVERIFY(!seen.contains(oldestId));
        QVERIFY(seen.contains(bestRecentId));

        // A word found only in the oldest messages is still found.
        QCOMPARE(search.search(QStringLiteral("number 0")).value.size(), 1);
    }
};

QTEST_GUILESS_MAIN(TestSearch)
#include "tst_search.moc"
