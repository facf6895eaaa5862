// SPDX-License-Identifier: GPL-3.0-or-later
// TestCliHistory, continued: search, rm and list.
#include "tst_clihistory.h"

void TestCliHistory::search_data()
{
    TestDatabases::addBackendRows();
}

void TestCliHistory::search()
{
    const QString id = askAndSave(QStringLiteral("Tell me about the zebrafish"),
                                  QStringLiteral("A zebrafish is a small striped freshwater fish."));
    askAndSave(QStringLiteral("Something else entirely"), QStringLiteral("Nothing to see."));
    QVERIFY(!id.isEmpty());

    CliRun run = m_db->run({QStringLiteral("search"), QStringLiteral("striped"), QStringLiteral("--json")});
    QCOMPARE(run.exitCode, 0);
    const QJsonArray hits = QJsonDocument::fromJson(run.out).array();
    QCOMPARE(hits.size(), 1);
    const QJsonObject hit = hits.at(0).toObject();
    QCOMPARE(hit.value(u"conversation_id").toString(), id);
    QCOMPARE(hit.value(u"title").toString(), QStringLiteral("Tell me about the zebrafish"));
    QVERIFY(!QUuid::fromString(hit.value(u"message_id").toString()).isNull());
    const QString snippet = hit.value(u"snippet").toString();
    QVERIFY2(snippet.contains(QStringLiteral("\x02striped\x03")), qPrintable(snippet));

    // Not a terminal: the match is marked with brackets.
    run = m_db->run({QStringLiteral("search"), QStringLiteral("striped")});
    QCOMPARE(run.exitCode, 0);
    QVERIFY2(run.out.startsWith(id.toUtf8() + "  Tell me about the zebrafish\n"), run.out.constData());
    QVERIFY2(run.out.contains("[striped]"), run.out.constData());
    QVERIFY(!run.out.contains('\x02'));

    run = m_db->run({QStringLiteral("search"), QStringLiteral("nowhere"), QStringLiteral("--json")});
    QCOMPARE(run.exitCode, 0);
    QCOMPARE(QJsonDocument::fromJson(run.out).array(), QJsonArray());
}

void TestCliHistory::rm_data()
{
    TestDatabases::addBackendRows();
}

void TestCliHistory::rm()
{
    const QString gone = askAndSave(QStringLiteral("First"), QStringLiteral("one"));
    const QString kept = askAndSave(QStringLiteral("Second"), QStringLiteral("two"));
    QVERIFY(!gone.isEmpty() && !kept.isEmpty());
    CliRun run = m_db->run({QStringLiteral("rm"), gone});
    QCOMPARE(run.err, QByteArray());
    QCOMPARE(run.exitCode, 0);
    const QJsonArray list = m_db->list();
    QCOMPARE(list.size(), 1);
    QCOMPARE(list.at(0).toObject().value(u"id").toString(), kept);

    run = m_db->run({QStringLiteral("rm"), gone});
    QCOMPARE(run.exitCode, 12);
    QVERIFY2(run.errLine().contains(QStringLiteral("no conversation with id '%1'").arg(gone)),
             run.err.constData());
    run = m_db->run({QStringLiteral("show"), gone});
    QCOMPARE(run.exitCode, 12);
    QVERIFY2(run.errLine().contains(u"no conversation"), run.err.constData());
    QCOMPARE(run.out, QByteArray());
    enqueueReply({QStringLiteral("unused")});
    run = m_db->run(ask(QStringLiteral("more"), {QStringLiteral("--conversation"), gone}));
    QCOMPARE(run.exitCode, 12);
    QCOMPARE(m_server->requestCount(), 2); // the two asks above, not this one
}

void TestCliHistory::listPagesAndFilters_data()
{
    TestDatabases::addBackendRows();
}

void TestCliHistory::listPagesAndFilters()
{
    seedConversations(230); // more than a page
    if (QTest::currentTestFailed())
        return;
    const QJsonArray all = m_db->list();
    QCOMPARE(all.size(), 229); // not the archived one
    // Newest first, the pinned one in its place by date (229 … 012, 010, 009, 008, 007, …).
    QCOMPARE(all.at(0).toObject().value(u"title").toString(), QStringLiteral("seeded 229"));
    QCOMPARE(all.at(1).toObject().value(u"title").toString(), QStringLiteral("seeded 228"));
    QCOMPARE(all.at(221).toObject().value(u"title").toString(), QStringLiteral("seeded 007"));
    QCOMPARE(all.at(221).toObject().value(u"pinned"), QJsonValue(true));
    QCOMPARE(all.at(228).toObject().value(u"title").toString(), QStringLiteral("seeded 000"));
    for (qsizetype i = 1; i < all.size(); ++i)
        QVERIFY(all.at(i - 1).toObject().value(u"updated_at").toString() >
                all.at(i).toObject().value(u"updated_at").toString());
    QStringList ids;
    for (const QJsonValue &value : all)
        ids.append(value.toObject().value(u"id").toString());
    ids.removeDuplicates();
    QCOMPARE(ids.size(), 229);

    QCOMPARE(m_db->list({QStringLiteral("--all")}).size(), 230);
    const QJsonArray archived = m_db->list({QStringLiteral("--archived")});
    QCOMPARE(archived.size(), 1);
    QCOMPARE(archived.at(0).toObject().value(u"title").toString(), QStringLiteral("seeded 011"));
    QCOMPARE(archived.at(0).toObject().value(u"archived"), QJsonValue(true));
    const QJsonArray three = m_db->list({QStringLiteral("--limit"), QStringLiteral("3")});
    // The old pinned conversation is not among the three newest.
    QCOMPARE(three.size(), 3);
    QCOMPARE(three.at(0).toObject().value(u"title").toString(), QStringLiteral("seeded 229"));
    QCOMPARE(three.at(2).toObject().value(u"title").toString(), QStringLiteral("seeded 227"));
    const CliRun text = m_db->run({QStringLiteral("list"), QStringLiteral("--limit"), QStringLiteral("2")});
    QCOMPARE(text.exitCode, 0);
    QCOMPARE(text.out.count('\n'), 2);
    QVERIFY(text.out.contains("seeded 229\n"));
    QVERIFY(!text.out.contains("[pinned]"));
    QVERIFY(m_db->run({QStringLiteral("list")}).out.contains("[pinned] seeded 007\n"));
}
