// SPDX-License-Identifier: GPL-3.0-or-later
// Search as you type over real stores: one search per pause in typing, answers to older queries
// dropped, and snippets that are rich text the user's words can never inject markup into.
#include "conversationstore.h"
#include "futurewait.h"
#include "searchmodel.h"
#include "searchsnippet.h"
#include "testdatabases.h"

#include <QAbstractItemModelTester>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

#include <memory>
#include <optional>

using namespace Qt::StringLiterals;
using Status = ConversationStore::Status;

namespace {

constexpr int timeout = 30000;

QString newId()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

struct SearchUnderTest
{
    explicit SearchUnderTest(ConversationStore *store)
        : model(store)
        , tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest)
    {}

    SearchModel model;
    QAbstractItemModelTester tester;
};

QStringList snippetsOf(const SearchModel &model)
{
    QStringList snippets;
    for (int row = 0; row < model.rowCount(); ++row)
        snippets.append(model.index(row).data(SearchModel::SnippetRole).toString());
    return snippets;
}

} // namespace

class TestSearchModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();

    void snippetIsEscapedRichText_data();
    void snippetIsEscapedRichText();
    void typingSearchesOnceItPauses();
    void staleAnswersAreDropped();
    void hitsCarryTheirConversationAndMessage_data() { TestDatabases::addBackendRows(); }
    void hitsCarryTheirConversationAndMessage();
    void emptyQueryClears();
    void aConversationMatchingTwiceShowsAtItsMessage_data() { TestDatabases::addBackendRows(); }
    void aConversationMatchingTwiceShowsAtItsMessage();
    void aHitInTheThinkingSaysSo_data() { TestDatabases::addBackendRows(); }
    void aHitInTheThinkingSaysSo();

private:
    std::unique_ptr<ConversationStore> openStore(const QString &backend);
    // A conversation with one user message per text; returns the message ids.
    QStringList addConversation(ConversationStore *store, const QString &title, const QStringList &texts,
                                QString *conversationId = nullptr);

    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestSearchModel::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

std::unique_ptr<ConversationStore> TestSearchModel::openStore(const QString &backend)
{
    QString error;
    const std::optional<DatabaseConfig> config = TestDatabases::fresh(backend, m_dir->path(), &error);
    if (!config) {
        qWarning() << error;
        return nullptr;
    }
    auto store = std::make_unique<ConversationStore>(*config);
    if (!QTest::qWaitFor([&] { return store->status() != Status::Opening; }, timeout) ||
        store->status() != Status::Ready) {
        qWarning() << "the store did not open:" << store->statusMessage();
        return nullptr;
    }
    return store;
}

QStringList TestSearchModel::addConversation(ConversationStore *store, const QString &title,
                                             const QStringList &texts, QString *conversationId)
{
    ConversationRecord conversation;
    conversation.id = newId();
    conversation.title = title;
    conversation.createdAt = QDateTime::currentDateTimeUtc();
    conversation.updatedAt = conversation.createdAt;
    store->saveConversation(conversation);
    QStringList ids;
    QString parent;
    for (const QString &text : texts) {
        MessageRecord message;
        message.id = newId();
        message.conversationId = conversation.id;
        message.parentId = parent;
        message.content = text;
        message.createdAt = QDateTime::currentDateTimeUtc();
        message.updatedAt = message.createdAt;
        ids.append(message.id);
        parent = message.id;
        if (!saved(store->saveMessage(message), this))
            return {};
    }
    if (conversationId)
        *conversationId = conversation.id;
    return ids;
}

void TestSearchModel::snippetIsEscapedRichText_data()
{
    QTest::addColumn<QString>("marked");
    QTest::addColumn<QString>("html");
    QTest::newRow("match") << u"say \x02"
                              "hello\x03 there"_s
                           << u"say <b>hello</b> there"_s;
    QTest::newRow("markup") << u"<script>\x02"
                               "alert\x03(\"x\")</script> & <b>"_s
                            << u"&lt;script&gt;<b>alert</b>(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;"_s;
    QTest::newRow("entities stay text") << u"&lt; \x02x\x03"_s << u"&amp;lt; <b>x</b>"_s;
    QTest::newRow("one line") << u"a\nb\tc\r\x02"
                                 "d\x03"_s
                              << u"a b c <b>d</b>"_s;
    QTest::newRow("unclosed") << u"\x02open"_s << u"<b>open</b>"_s;
    QTest::newRow("stray marks") << u"a\x03 b \x02\x02"
                                    "c\x03\x03"_s
                                 << u"a b <b>c</b>"_s;
    QTest::newRow("empty") << QString() << QString();
    // However long the text around it, the match shows in a snippet of bounded length.
    const QString before(50000, u'a');
    const QString after(50000, u'z');
    QTest::newRow("long") << before + u"\x02needle\x03"_s + after
                          << u"\u2026"_s + before.right(80) + u"<b>needle</b>"_s + after.left(152) +
                                 u"\u2026"_s;
}

void TestSearchModel::snippetIsEscapedRichText()
{
    QFETCH(QString, marked);
    QFETCH(QString, html);
    QCOMPARE(SearchSnippet::toHtml(marked), html);
}

void TestSearchModel::typingSearchesOnceItPauses()
{
    auto store = openStore(u"sqlite"_s);
    QVERIFY(store);
    QVERIFY(!addConversation(store.get(), u"Greetings"_s, {u"hello world"_s, u"hello again"_s}).isEmpty());
    SearchUnderTest search(store.get());
    SearchModel &model = search.model;
    QSignalSpy started(&model, &SearchModel::searchStarted);
    QSignalSpy busy(&model, &SearchModel::busyChanged);

    const QString word = u"hello"_s;
    for (qsizetype typed = 1; typed <= word.size(); ++typed) {
        model.setQuery(word.left(typed));
        QVERIFY(model.busy());
        // A quick typist: no event loop turn between the keys, so the debounce cannot fire
        // in between however loaded the machine is.
    }
    QCOMPARE(started.count(), 0);
    QTRY_VERIFY_WITH_TIMEOUT(!model.busy(), timeout);
    QCOMPARE(started.count(), 1);
    QCOMPARE(started.at(0).at(0).toString(), word);
    QCOMPARE(busy.count(), 2); // on at the first key, off with the answer
    QVERIFY(model.rowCount() >= 2);
    for (const QString &snippet : snippetsOf(model))
        QVERIFY2(snippet.contains(u"<b>hello</b>"_s), qPrintable(snippet));

    // A space more asks for the same words: no search.
    model.setQuery(word + u' ');
    QVERIFY(!model.busy());
    QTest::qWait(300);
    QCOMPARE(started.count(), 1);
}

void TestSearchModel::staleAnswersAreDropped()
{
    auto store = openStore(u"sqlite"_s);
    QVERIFY(store);
    QVERIFY(!addConversation(store.get(), u"First"_s, {u"alpha one"_s, u"alpha two"_s, u"alpha three"_s})
                 .isEmpty());
    QString betaConversation;
    const QStringList betaMessages =
        addConversation(store.get(), u"Second"_s, {u"beta"_s}, &betaConversation);
    QVERIFY(!betaMessages.isEmpty());
    SearchUnderTest search(store.get());
    SearchModel &model = search.model;

    // The user types on the moment the first search has gone out: its answer must never show.
    QStringList shown;
    connect(&model, &QAbstractItemModel::rowsInserted, this, [&](const QModelIndex &, int first, int last) {
        for (int row = first; row <= last; ++row)
            shown.append(model.index(row).data(SearchModel::SnippetRole).toString());
    });
    connect(&model, &QAbstractItemModel::dataChanged, this,
            [&](const QModelIndex &topLeft, const QModelIndex &bottomRight) {
                for (int row = topLeft.row(); row <= bottomRight.row(); ++row)
                    shown.append(model.index(row).data(SearchModel::SnippetRole).toString());
            });
    QSignalSpy started(&model, &SearchModel::searchStarted);
    connect(&model, &SearchModel::searchStarted, this, [&](const QString &text) {
        if (text == u"alpha")
            model.setQuery(u"beta"_s);
    });
    model.setQuery(u"alpha"_s);
    QTRY_COMPARE_WITH_TIMEOUT(started.count(), 2, timeout);
    QTRY_VERIFY_WITH_TIMEOUT(!model.busy(), timeout);
    // Everything asked of the store before this has been answered and delivered once this is.
    QVERIFY(drained(store.get(), this));
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.index(0).data(SearchModel::ConversationIdRole).toString(), betaConversation);
    QCOMPARE(model.index(0).data(SearchModel::MessageIdRole).toString(), betaMessages.at(0));
    for (const QString &snippet : std::as_const(shown))
        QVERIFY2(!snippet.contains(u"alpha"_s), qPrintable(snippet));
}

void TestSearchModel::aConversationMatchingTwiceShowsAtItsMessage()
{
    QFETCH(QString, backend);
    auto store = openStore(backend);
    QVERIFY(store);
    QString both;
    const QStringList messages = addConversation(
        store.get(), u"Narwhal facts"_s, {u"Tell me about the narwhal"_s, u"It has a tusk."_s}, &both);
    QVERIFY(!messages.isEmpty());
    QString titleOnly;
    QVERIFY(!addConversation(store.get(), u"Narwhal drawings"_s, {u"Draw a whale"_s}, &titleOnly).isEmpty());
    SearchUnderTest search(store.get());
    SearchModel &model = search.model;

    model.setQuery(u"narwhal"_s);
    QTRY_VERIFY_WITH_TIMEOUT(!model.busy() && model.rowCount() > 0, timeout);
    QCOMPARE(model.rowCount(), 2);
    QStringList seen;
    for (int row = 0; row < model.rowCount(); ++row) {
        const QModelIndex hit = model.index(row);
        const QString conversation = hit.data(SearchModel::ConversationIdRole).toString();
        seen.append(conversation);
        if (conversation == both)
            QCOMPARE(hit.data(SearchModel::MessageIdRole).toString(), messages.at(0));
        else
            QCOMPARE(hit.data(SearchModel::MessageIdRole).toString(), QString());
    }
    seen.sort();
    QStringList expected{both, titleOnly};
    expected.sort();
    QCOMPARE(seen, expected);
}

void TestSearchModel::hitsCarryTheirConversationAndMessage()
{
    QFETCH(QString, backend);
    auto store = openStore(backend);
    QVERIFY(store);
    QString conversationId;
    const QStringList messages = addConversation(
        store.get(), u"Injection"_s,
        {u"nothing to see"_s, u"try <script>alert(\"pwned\")</script> & <b>bold</b> tricks"_s},
        &conversationId);
    QVERIFY(!messages.isEmpty());
    SearchUnderTest search(store.get());
    SearchModel &model = search.model;

    model.setQuery(u"tricks"_s);
    QTRY_VERIFY_WITH_TIMEOUT(!model.busy() && model.rowCount() == 1, timeout);
    const QModelIndex hit = model.index(0);
    QCOMPARE(hit.data(SearchModel::ConversationIdRole).toString(), conversationId);
    QCOMPARE(hit.data(SearchModel::MessageIdRole).toString(), messages.at(1));
    QCOMPARE(hit.data(SearchModel::TitleRole).toString(), u"Injection"_s);
    const QString snippet = hit.data(SearchModel::SnippetRole).toString();
    QVERIFY2(snippet.contains(u"<b>tricks</b>"_s), qPrintable(snippet));
    // Nothing but our own <b> … </b> is markup.
    QString rest = snippet;
    rest.remove(u"<b>"_s).remove(u"</b>"_s);
    QVERIFY2(!rest.contains(u'<') && !rest.contains(u'>'), qPrintable(snippet));
    QVERIFY2(!rest.contains(QRegularExpression(u"&(?!(lt|gt|amp|quot);)"_s)), qPrintable(snippet));
    if (backend == u"sqlite")
        QVERIFY2(snippet.contains(u"&lt;script&gt;"_s), qPrintable(snippet));
    QCOMPARE(model.errorString(), QString());
}

void TestSearchModel::emptyQueryClears()
{
    auto store = openStore(u"sqlite"_s);
    QVERIFY(store);
    QVERIFY(!addConversation(store.get(), u"Greetings"_s, {u"hello world"_s}).isEmpty());
    SearchUnderTest search(store.get());
    SearchModel &model = search.model;
    QSignalSpy started(&model, &SearchModel::searchStarted);

    model.setQuery(u"hello"_s);
    QTRY_VERIFY_WITH_TIMEOUT(!model.busy() && model.rowCount() == 1, timeout);
    model.setQuery(u"world"_s);
    QVERIFY(model.busy());
    model.setQuery(u"  "_s); // cleared before the search went out
    QCOMPARE(model.rowCount(), 0);
    QVERIFY(!model.busy());
    QVERIFY(!model.canFetchMore(QModelIndex()));
    QTest::qWait(300);
    QCOMPARE(started.count(), 1);
    QCOMPARE(model.rowCount(), 0);
}

void TestSearchModel::aHitInTheThinkingSaysSo()
{
    QFETCH(QString, backend);
    auto store = openStore(backend);
    QVERIFY(store);
    QString conversationId;
    const QStringList question =
        addConversation(store.get(), u"Animals"_s, {u"Name a scaly mammal"_s}, &conversationId);
    QVERIFY(!question.isEmpty());
    MessageRecord reply;
    reply.id = newId();
    reply.conversationId = conversationId;
    reply.parentId = question.constFirst();
    reply.role = MessageRecord::Role::Assistant;
    reply.parts = {MessagePart::reasoningPart(u"Scales and a long tongue: the pangolin fits."_s, 2100),
                   MessagePart::textPart(u"The answer is an anteater's cousin."_s)};
    reply.createdAt = QDateTime::currentDateTimeUtc();
    reply.updatedAt = reply.createdAt;
    QVERIFY(saved(store->saveMessage(reply), this));
    SearchUnderTest search(store.get());
    SearchModel &model = search.model;

    model.setQuery(u"pangolin"_s);
    QTRY_VERIFY_WITH_TIMEOUT(!model.busy() && model.rowCount() == 1, timeout);
    QCOMPARE(model.index(0).data(SearchModel::MessageIdRole).toString(), reply.id);
    QVERIFY(model.index(0).data(SearchModel::InReasoningRole).toBool());
    const QString snippet = model.index(0).data(SearchModel::SnippetRole).toString();
    QVERIFY2(snippet.contains(u"<b>pangolin</b>"_s), qPrintable(snippet));

    model.setQuery(u"cousin"_s);
    QTRY_VERIFY_WITH_TIMEOUT(
        !model.busy() && model.rowCount() == 1 &&
            model.index(0).data(SearchModel::SnippetRole).toString().contains(u"cousin"_s),
        timeout);
    QVERIFY(!model.index(0).data(SearchModel::InReasoningRole).toBool());
}

QTEST_GUILESS_MAIN(TestSearchModel)
#include "tst_searchmodel.moc"
