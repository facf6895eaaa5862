// SPDX-License-Identifier: GPL-3.0-or-later
// Full-text search over the repository; this file: the seeded database and how text becomes terms.
#include "tst_search.h"

std::unique_ptr<Database> TestSearch::seeded(const QString &backend, Labels *labels, QString *why)
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

bool TestSearch::unaccentWorks(Database &db)
{
    if (db.dialect() == Database::Dialect::Sqlite)
        return true; // remove_diacritics 2
    QSqlQuery query(db.connection());
    return query.exec(QStringLiteral("SELECT confab_unaccent('café')")) && query.next() &&
           query.value(0).toString() == u"cafe";
}

bool TestSearch::unaccentOnServer(Database &db)
{
    QSqlQuery query(db.connection());
    return query.exec(
               QStringLiteral("SELECT count(*) FROM pg_available_extensions WHERE name = 'unaccent'")) &&
           query.next() && query.value(0).toInt() == 1;
}

QStringList TestSearch::labelsOf(const QList<SearchHit> &hits, const Labels &labels)
{
    QStringList found;
    for (const SearchHit &hit : hits)
        found.append(
            labels.value(hit.messageId.isEmpty() ? hit.conversationId : hit.messageId, QStringLiteral("?")));
    found.sort();
    return found;
}

void TestSearch::terms_data()
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
    QTest::newRow("decomposed accent") << QStringLiteral("cafe\u0301") << QStringList{QStringLiteral("café")};
    QTest::newRow("astral letters") << QStringLiteral("𝒜𝒷 x") << QStringList{QStringLiteral("𝒜𝒷"), u"x"_s};
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

void TestSearch::terms()
{
    QFETCH(QString, text);
    QFETCH(QStringList, expected);
    QCOMPARE(SearchRepository::terms(text), expected);
}

void TestSearch::hostileAndPlain_data()
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

void TestSearch::hostileAndPlain()
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

QTEST_GUILESS_MAIN(TestSearch)

std::unique_ptr<Database> TestSearch::marsupials(const QString &backend, QString *conversationId,
                                                 QString *why)
{
    const std::optional<DatabaseConfig> config = TestDatabases::fresh(backend, m_dir.path(), why);
    if (!config)
        return {};
    auto db = std::make_unique<Database>(*config);
    if (const StorageError opened = db->open(); opened.isError()) {
        *why = describe(opened);
        return {};
    }
    ConversationRecord conversation;
    conversation.id = newId();
    conversation.title = QStringLiteral("Marsupials");
    if (const StorageError saved = ConversationRepository(*db).saveConversation(conversation);
        saved.isError()) {
        *why = describe(saved);
        return {};
    }
    *conversationId = conversation.id;
    return db;
}
