// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// TestSearch and what its parts share: the corpus every case searches, and a fresh database of
// either backend seeded with it.
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

inline QString newId()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

inline QString describe(const StorageError &error)
{
    return error.message + u' ' + error.detail;
}

// What a hit stands for in the expectations: the message's label, or "title:" and the
// conversation's label.
using Labels = QMap<QString, QString>; // id → label

// The history every search case runs against: one message per label.
inline const QList<std::pair<QString, QString>> &corpus()
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
inline QString marked(const QString &word)
{
    return QChar(0x02) + word + QChar(0x03);
}

class TestSearch : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    // A fresh database holding corpus(): messages in conversation "chat", whose title is
    // "Confab café notes", and a conversation "other" titled "Other".
    std::unique_ptr<Database> seeded(const QString &backend, Labels *labels, QString *why);

    // A fresh database with one conversation "Marsupials", whose id is `conversationId`.
    std::unique_ptr<Database> marsupials(const QString &backend, QString *conversationId, QString *why);
    // A message of that conversation, as inserted by hand with its own time.
    static QString messageInsert()
    {
        return QStringLiteral(
            "INSERT INTO messages (id, conversation_id, role, content, status, created_at, updated_at)"
            " VALUES (?, ?, 'user', ?, 'complete', ?, ?)");
    }

    static bool unaccentWorks(Database &db);
    static bool unaccentOnServer(Database &db);
    static QStringList labelsOf(const QList<SearchHit> &hits, const Labels &labels);

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void terms_data();
    void terms();

    void hostileAndPlain_data();
    void hostileAndPlain();

    void diacritics_data() { TestDatabases::addBackendRows(); }
    void diacritics();

    void hitsAndSnippets_data() { TestDatabases::addBackendRows(); }
    void hitsAndSnippets();

    // Words of tens of thousands of characters around a match, and a query of many words:
    // the snippet stays short, with the match in it.
    void snippetIsBounded_data() { TestDatabases::addBackendRows(); }
    void snippetIsBounded();

    void paging_data() { TestDatabases::addBackendRows(); }
    void paging();

    // Only the newest 1000 matching messages are ranked: the most relevant among the most recent
    // matches come first, an older message never shows however relevant, and paging ends there.
    void newestMatchesWindow_data() { TestDatabases::addBackendRows(); }
    void newestMatchesWindow();

    // The same window for words in few of the newest messages (tst_search_window.cpp).
    void newestMatchesOfSparseWords_data() { TestDatabases::addBackendRows(); }
    void newestMatchesOfSparseWords();
};
