// SPDX-License-Identifier: GPL-3.0-or-later
#include "conversationrepository.h"
#include "database.h"
#include "testdatabases.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QTimeZone>
#include <QUuid>

#include <algorithm>
#include <memory>

using Kind = StorageError::Kind;
using Role = MessageRecord::Role;
using Status = MessageRecord::Status;

namespace {

QString newId()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

QDateTime at(qint64 millis)
{
    return QDateTime::fromMSecsSinceEpoch(millis, QTimeZone::utc());
}

std::unique_ptr<Database> openDatabase(const DatabaseConfig &config, QString *why)
{
    auto db = std::make_unique<Database>(config);
    const StorageError error = db->open();
    if (error.isError()) {
        *why = error.message + u' ' + error.detail;
        return nullptr;
    }
    return db;
}

std::unique_ptr<Database> freshDatabase(const QString &backend, const QString &folder, QString *why,
                                        std::optional<DatabaseConfig> *config = nullptr)
{
    const std::optional<DatabaseConfig> fresh = TestDatabases::fresh(backend, folder, why);
    if (!fresh)
        return nullptr;
    if (config)
        *config = fresh;
    return openDatabase(*fresh, why);
}

qint64 scalar(Database &db, const QString &sql, const QVariantList &values = {})
{
    QSqlQuery query(db.connection());
    query.prepare(sql);
    for (const QVariant &value : values)
        query.addBindValue(value);
    if (!query.exec() || !query.next()) {
        qWarning() << sql << query.lastError().text();
        return -1;
    }
    return query.value(0).toLongLong();
}

ConversationRecord conversationAt(const QString &title, qint64 updated)
{
    ConversationRecord conversation;
    conversation.id = newId();
    conversation.title = title;
    conversation.createdAt = at(updated - 1000);
    conversation.updatedAt = at(updated);
    return conversation;
}

MessageRecord messageIn(const QString &conversationId, const QString &parentId, Role role,
                        const QString &content, qint64 created)
{
    MessageRecord message;
    message.id = newId();
    message.conversationId = conversationId;
    message.parentId = parentId;
    message.role = role;
    message.content = content;
    message.createdAt = at(created);
    message.updatedAt = at(created);
    return message;
}

QStringList idsOf(const QList<MessageRecord> &messages)
{
    QStringList ids;
    for (const MessageRecord &message : messages)
        ids.append(message.id);
    return ids;
}

QStringList idsOf(const QList<ConversationRecord> &conversations)
{
    QStringList ids;
    for (const ConversationRecord &conversation : conversations)
        ids.append(conversation.id);
    return ids;
}

QString describe(const StorageError &error)
{
    return error.message + u' ' + error.detail;
}

} // namespace

#define OPEN_FRESH(db)                                                                                       \
    QFETCH(QString, backend);                                                                                \
    QString why;                                                                                             \
    const std::unique_ptr<Database> db = freshDatabase(backend, m_dir.path(), &why);                         \
    QVERIFY2(db, qPrintable(why))

#define VERIFY_OK(expression)                                                                                \
    do {                                                                                                     \
        const StorageError verifyError = (expression);                                                       \
        QVERIFY2(!verifyError.isError(), qPrintable(describe(verifyError)));                                 \
    } while (false)

class TestConversationRepository : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void conversationRoundTrip_data() { TestDatabases::addBackendRows(); }
    void conversationRoundTrip()
    {
        OPEN_FRESH(db);
        ConversationRepository repository(*db);

        ConversationRecord conversation =
            conversationAt(QStringLiteral("Gazpacho “ideas” 🍅 'quoted'"), 1700000000123);
        conversation.pinned = true;
        conversation.providerProfile = QStringLiteral("openai");
        conversation.model = QStringLiteral("gpt-4o");
        conversation.systemPrompt = QStringLiteral("Be brief.\nReally; DROP TABLE x; --");
        VERIFY_OK(repository.saveConversation(conversation));
        // Upserting the same record again changes nothing.
        VERIFY_OK(repository.saveConversation(conversation));
        QCOMPARE(scalar(*db, QStringLiteral("SELECT count(*) FROM conversations")), 1);

        StorageResult<ConversationRecord> read = repository.conversation(conversation.id);
        QVERIFY2(read.ok(), qPrintable(describe(read.error)));
        QCOMPARE(read.value.id, conversation.id);
        QCOMPARE(read.value.title, conversation.title);
        QCOMPARE(read.value.createdAt, conversation.createdAt);
        QCOMPARE(read.value.updatedAt, conversation.updatedAt);
        QCOMPARE(read.value.updatedAt.timeSpec(), Qt::UTC);
        QCOMPARE(read.value.pinned, true);
        QCOMPARE(read.value.archived, false);
        QCOMPARE(read.value.providerProfile, conversation.providerProfile);
        QCOMPARE(read.value.model, conversation.model);
        QCOMPARE(read.value.systemPrompt, conversation.systemPrompt);
        QCOMPARE(read.value.currentLeafId, QString());
        QCOMPARE(read.value.messageCount, 0);

        // An update: renamed, unpinned, archived. An older updated_at does not move it back.
        conversation.title = QStringLiteral("Renamed");
        conversation.pinned = false;
        conversation.archived = true;
        conversation.updatedAt = at(1600000000000);
        VERIFY_OK(repository.saveConversation(conversation));
        read = repository.conversation(conversation.id);
        QVERIFY(read.ok());
        QCOMPARE(read.value.title, QStringLiteral("Renamed"));
        QCOMPARE(read.value.pinned, false);
        QCOMPARE(read.value.archived, true);
        QCOMPARE(read.value.updatedAt, at(1700000000123));

        // Empty strings stay empty strings (the columns are NOT NULL).
        ConversationRecord bare;
        bare.id = newId();
        VERIFY_OK(repository.saveConversation(bare));
        read = repository.conversation(bare.id);
        QVERIFY(read.ok());
        QCOMPARE(read.value.title, QString());
        QVERIFY(read.value.createdAt.isValid());

        VERIFY_OK(repository.deleteConversation(conversation.id));
        read = repository.conversation(conversation.id);
        QCOMPARE(read.error.kind, Kind::NotFound);
        QVERIFY(!read.error.message.isEmpty());
        // A retried delete does no harm.
        VERIFY_OK(repository.deleteConversation(conversation.id));
        QCOMPARE(repository.saveConversation(ConversationRecord{}).kind, Kind::Invalid);
    }

    void samplingParametersRoundTrip_data() { TestDatabases::addBackendRows(); }
    void samplingParametersRoundTrip()
    {
        OPEN_FRESH(db);
        ConversationRepository repository(*db);

        ConversationRecord tuned = conversationAt(QStringLiteral("Tuned"), 1700000000000);
        tuned.providerProfile = QStringLiteral("anthropic");
        tuned.model = QStringLiteral("claude-test");
        tuned.systemPrompt = QStringLiteral("You are a poet.");
        tuned.temperature = 0.7;
        tuned.topP = 0.9;
        tuned.maxTokens = 512;
        VERIFY_OK(repository.saveConversation(tuned));
        ConversationRecord plain = conversationAt(QStringLiteral("Plain"), 1700000001000);
        VERIFY_OK(repository.saveConversation(plain));

        StorageResult<ConversationRecord> read = repository.conversation(tuned.id);
        QVERIFY2(read.ok(), qPrintable(describe(read.error)));
        QCOMPARE(read.value.providerProfile, QStringLiteral("anthropic"));
        QCOMPARE(read.value.model, QStringLiteral("claude-test"));
        QCOMPARE(read.value.systemPrompt, QStringLiteral("You are a poet."));
        QCOMPARE(read.value.temperature, std::optional<double>(0.7));
        QCOMPARE(read.value.topP, std::optional<double>(0.9));
        QCOMPARE(read.value.maxTokens, std::optional<int>(512));
        read = repository.conversation(plain.id);
        QVERIFY(read.ok());
        QVERIFY(!read.value.temperature);
        QVERIFY(!read.value.topP);
        QVERIFY(!read.value.maxTokens);

        // The list reads them too.
        const StorageResult<QList<ConversationRecord>> listed = repository.listConversations({});
        QVERIFY2(listed.ok(), qPrintable(describe(listed.error)));
        QCOMPARE(listed.value.size(), 2);
        QCOMPARE(listed.value.at(0).id, plain.id);
        QVERIFY(!listed.value.at(0).temperature);
        QCOMPARE(listed.value.at(1).temperature, std::optional<double>(0.7));
        QCOMPARE(listed.value.at(1).topP, std::optional<double>(0.9));
        QCOMPARE(listed.value.at(1).maxTokens, std::optional<int>(512));
        QCOMPARE(listed.value.at(1).systemPrompt, QStringLiteral("You are a poet."));

        // An update changes them, and unsets them again; zero is a value, not "unset".
        tuned.temperature = 0.0;
        tuned.topP.reset();
        tuned.maxTokens = 1;
        VERIFY_OK(repository.saveConversation(tuned));
        read = repository.conversation(tuned.id);
        QVERIFY(read.ok());
        QCOMPARE(read.value.temperature, std::optional<double>(0.0));
        QVERIFY(!read.value.topP);
        QCOMPARE(read.value.maxTokens, std::optional<int>(1));
        tuned.temperature.reset();
        tuned.maxTokens.reset();
        VERIFY_OK(repository.saveConversation(tuned));
        read = repository.conversation(tuned.id);
        QVERIFY(read.ok());
        QVERIFY(!read.value.temperature);
        QVERIFY(!read.value.maxTokens);
        QCOMPARE(scalar(*db, QStringLiteral("SELECT count(*) FROM conversations WHERE temperature IS NULL"
                                            " AND top_p IS NULL AND max_tokens IS NULL")),
                 2);
    }

    void aChangeWritesOnlyItsFields_data() { TestDatabases::addBackendRows(); }
    void aChangeWritesOnlyItsFields()
    {
        OPEN_FRESH(db);
        ConversationRepository repository(*db);
        ConversationRecord stored = conversationAt(QStringLiteral("First words"), 1700000000000);
        stored.providerProfile = QStringLiteral("one");
        stored.model = QStringLiteral("model-one");
        stored.temperature = 0.7;
        stored.maxTokens = 100;
        VERIFY_OK(repository.createConversation(stored));
        // Created once: a retried create leaves what is there.
        ConversationRecord again = stored;
        again.title = QStringLiteral("Not this");
        VERIFY_OK(repository.createConversation(again));
        QCOMPARE(repository.conversation(stored.id).value.title, QStringLiteral("First words"));

        // Two copies of the record, each changing its own fields: neither undoes the other.
        ConversationRecord sidebar = stored;
        ConversationRecord chat = stored;
        sidebar.title = QStringLiteral("Renamed");
        VERIFY_OK(repository.updateConversation(ConversationChange::between(stored, sidebar)));
        chat.providerProfile = QStringLiteral("two");
        chat.temperature.reset();
        chat.topP = 0.5;
        VERIFY_OK(repository.updateConversation(ConversationChange::between(stored, chat)));
        ConversationChange pin;
        pin.id = stored.id;
        pin.pinned = true;
        VERIFY_OK(repository.updateConversation(pin));

        const StorageResult<ConversationRecord> read = repository.conversation(stored.id);
        QVERIFY2(read.ok(), qPrintable(describe(read.error)));
        QCOMPARE(read.value.title, QStringLiteral("Renamed"));
        QCOMPARE(read.value.providerProfile, QStringLiteral("two"));
        QCOMPARE(read.value.model, QStringLiteral("model-one"));
        QVERIFY(!read.value.temperature);
        QCOMPARE(read.value.topP, std::optional<double>(0.5));
        QCOMPARE(read.value.maxTokens, std::optional<int>(100));
        QVERIFY(read.value.pinned);
        QVERIFY(!read.value.archived);
        QCOMPARE(read.value.updatedAt, stored.updatedAt); // a change of settings is not news

        // Nothing to change is no write; a conversation that is gone is said to be.
        VERIFY_OK(repository.updateConversation(ConversationChange::between(chat, chat)));
        ConversationChange lost;
        lost.id = newId();
        lost.title = QStringLiteral("Nowhere");
        QCOMPARE(repository.updateConversation(lost).kind, Kind::NotFound);
        QCOMPARE(repository.updateConversation(ConversationChange{}).kind, Kind::Invalid);
    }

    void messageRoundTrip_data() { TestDatabases::addBackendRows(); }
    void messageRoundTrip()
    {
        OPEN_FRESH(db);
        ConversationRepository repository(*db);
        const ConversationRecord conversation = conversationAt(QStringLiteral("Chat"), 1700000000000);
        VERIFY_OK(repository.saveConversation(conversation));

        MessageRecord question =
            messageIn(conversation.id, {}, Role::User, QStringLiteral("What's \"this\"? \\ 'x' ; -- 🎉 café"),
                      1700000001000);
        VERIFY_OK(repository.saveMessage(question));
        MessageRecord answer =
            messageIn(conversation.id, question.id, Role::Assistant, QStringLiteral("It"), 1700000002000);
        answer.status = Status::Streaming;
        answer.writerId = newId();
        answer.model = QStringLiteral("gpt-4o");
        VERIFY_OK(repository.saveMessage(answer));

        StorageResult<MessageRecord> read = repository.message(answer.id);
        QVERIFY2(read.ok(), qPrintable(describe(read.error)));
        QCOMPARE(read.value.conversationId, conversation.id);
        QCOMPARE(read.value.parentId, question.id);
        QCOMPARE(read.value.role, Role::Assistant);
        QCOMPARE(read.value.status, Status::Streaming);
        QCOMPARE(read.value.writerId, answer.writerId);
        QCOMPARE(read.value.promptTokens, std::nullopt);
        QCOMPARE(read.value.createdAt, answer.createdAt);
        QCOMPARE(read.value.createdAt.timeSpec(), Qt::UTC);

        read = repository.message(question.id);
        QVERIFY(read.ok());
        QCOMPARE(read.value.content, question.content);
        QCOMPARE(read.value.parentId, QString());
        QCOMPARE(read.value.role, Role::User);
        QCOMPARE(read.value.status, Status::Complete);
        QCOMPARE(read.value.writerId, QString());

        // The conversation follows: newest update, and the current leaf.
        StorageResult<ConversationRecord> owner = repository.conversation(conversation.id);
        QVERIFY(owner.ok());
        QCOMPARE(owner.value.currentLeafId, answer.id);
        QCOMPARE(owner.value.updatedAt, answer.updatedAt);
        QCOMPARE(owner.value.messageCount, 2);

        // Finishing the stream: an upsert of the same id, whose writer goes.
        answer.content = QStringLiteral("It is a test.");
        answer.status = Status::Complete;
        answer.finishReason = QStringLiteral("stop");
        answer.promptTokens = 12;
        answer.completionTokens = 5;
        answer.totalTokens = 17;
        answer.updatedAt = at(1700000003000);
        VERIFY_OK(repository.saveMessage(answer));
        VERIFY_OK(repository.saveMessage(answer)); // idempotent
        read = repository.message(answer.id);
        QVERIFY(read.ok());
        QCOMPARE(read.value.content, answer.content);
        QCOMPARE(read.value.status, Status::Complete);
        QCOMPARE(read.value.finishReason, QStringLiteral("stop"));
        QCOMPARE(read.value.promptTokens, std::optional<qint64>(12));
        QCOMPARE(read.value.completionTokens, std::optional<qint64>(5));
        QCOMPARE(read.value.totalTokens, std::optional<qint64>(17));
        QCOMPARE(read.value.createdAt, answer.createdAt);
        QCOMPARE(read.value.updatedAt, answer.updatedAt);
        QCOMPARE(read.value.writerId, QString());
        QCOMPARE(scalar(*db, QStringLiteral("SELECT count(*) FROM messages WHERE writer_id IS NOT NULL")), 0);
        QCOMPARE(scalar(*db, QStringLiteral("SELECT count(*) FROM messages")), 2);

        // makeCurrent = false leaves the leaf where it is, but still bumps updated_at.
        MessageRecord draft =
            messageIn(conversation.id, answer.id, Role::User, QStringLiteral("draft"), 1700000004000);
        VERIFY_OK(repository.saveMessage(draft, false));
        owner = repository.conversation(conversation.id);
        QCOMPARE(owner.value.currentLeafId, answer.id);
        QCOMPARE(owner.value.updatedAt, draft.updatedAt);

        // All statuses and roles survive the database's CHECK constraints.
        for (const Status status : {Status::Pending, Status::Streaming, Status::Complete, Status::Stopped,
                                    Status::Interrupted, Status::Error}) {
            MessageRecord message = messageIn(conversation.id, {}, Role::System, QStringLiteral("s"), 1);
            message.status = status;
            message.errorText = QStringLiteral("why");
            VERIFY_OK(repository.saveMessage(message, false));
            QCOMPARE(repository.message(message.id).value.status, status);
        }

        // A message without its conversation is refused, saying so.
        MessageRecord orphan = messageIn(newId(), {}, Role::User, QStringLiteral("lost"), 1);
        QCOMPARE(repository.saveMessage(orphan).kind, Kind::NotFound);
        QCOMPARE(repository.message(orphan.id).error.kind, Kind::NotFound);
        QCOMPARE(repository.setCurrentLeaf(newId(), answer.id).kind, Kind::NotFound);
    }

    void listOrderingAndPaging_data()
    {
        QTest::addColumn<QString>("backend");
        QTest::addColumn<int>("archived");
        QTest::addColumn<int>("pageSize");
        for (const QString &backend : TestDatabases::backends()) {
            for (const int page : {1, 4, 50}) {
                QTest::addRow("%s-hidden-%d", qPrintable(backend), page)
                    << backend << int(ConversationQuery::Archived::Hidden) << page;
                QTest::addRow("%s-only-%d", qPrintable(backend), page)
                    << backend << int(ConversationQuery::Archived::Only) << page;
                QTest::addRow("%s-included-%d", qPrintable(backend), page)
                    << backend << int(ConversationQuery::Archived::Included) << page;
            }
        }
    }
    void listOrderingAndPaging()
    {
        QFETCH(int, archived);
        QFETCH(int, pageSize);
        OPEN_FRESH(db);
        ConversationRepository repository(*db);

        // 30 conversations; some pinned, some archived, some sharing an updated_at (the id breaks
        // the tie), each with i % 3 messages.
        QList<ConversationRecord> all;
        for (int i = 0; i < 30; ++i) {
            ConversationRecord conversation =
                conversationAt(QStringLiteral("c%1").arg(i), 1700000000000 + (i / 2) * 1000);
            conversation.pinned = i % 7 == 0;
            conversation.archived = i % 4 == 0;
            VERIFY_OK(repository.saveConversation(conversation));
            QString parent;
            for (int m = 0; m < i % 3; ++m) {
                // Saved with the conversation's own time so the order stays as planned.
                MessageRecord message = messageIn(conversation.id, parent, Role::User, QStringLiteral("m"),
                                                  conversation.updatedAt.toMSecsSinceEpoch());
                VERIFY_OK(repository.saveMessage(message));
                parent = message.id;
            }
            conversation.messageCount = i % 3;
            all.append(conversation);
        }

        const auto mode = ConversationQuery::Archived(archived);
        QList<ConversationRecord> expected;
        for (const ConversationRecord &conversation : std::as_const(all)) {
            if (mode == ConversationQuery::Archived::Included ||
                conversation.archived == (mode == ConversationQuery::Archived::Only))
                expected.append(conversation);
        }
        std::sort(expected.begin(), expected.end(),
                  [](const ConversationRecord &a, const ConversationRecord &b) {
                      if (a.pinned != b.pinned)
                          return a.pinned;
                      if (a.updatedAt != b.updatedAt)
                          return a.updatedAt > b.updatedAt;
                      return a.id > b.id;
                  });

        QList<ConversationRecord> listed;
        ConversationQuery query;
        query.archived = mode;
        query.limit = pageSize;
        for (int pages = 0; pages < 100; ++pages) {
            const StorageResult<QList<ConversationRecord>> page = repository.listConversations(query);
            QVERIFY2(page.ok(), qPrintable(describe(page.error)));
            QVERIFY(page.value.size() <= pageSize);
            if (page.value.isEmpty())
                break;
            listed.append(page.value);
            query.afterSet = true;
            query.afterPinned = page.value.last().pinned;
            query.afterUpdatedAt = page.value.last().updatedAt;
            query.afterId = page.value.last().id;
        }
        QCOMPARE(idsOf(listed), idsOf(expected));
        for (qsizetype i = 0; i < listed.size(); ++i) {
            QCOMPARE(listed[i].messageCount, expected[i].messageCount);
            QCOMPARE(listed[i].archived, expected[i].archived);
            QCOMPARE(listed[i].pinned, expected[i].pinned);
            QCOMPARE(listed[i].title, expected[i].title);
        }
    }

    void branchesAndSiblings_data() { TestDatabases::addBackendRows(); }
    void branchesAndSiblings()
    {
        OPEN_FRESH(db);
        ConversationRepository repository(*db);
        const ConversationRecord conversation = conversationAt(QStringLiteral("Tree"), 1700000000000);
        VERIFY_OK(repository.saveConversation(conversation));
        // Another conversation, so that nothing leaks across.
        const ConversationRecord other = conversationAt(QStringLiteral("Other"), 1700000000000);
        VERIFY_OK(repository.saveConversation(other));
        VERIFY_OK(repository.saveMessage(messageIn(other.id, {}, Role::User, QStringLiteral("x"), 1)));

        qint64 clock = 1700000000000;
        const auto add = [&](const QString &parent, Role role, const QString &text) {
            MessageRecord message = messageIn(conversation.id, parent, role, text, ++clock);
            const StorageError error = repository.saveMessage(message);
            if (error.isError())
                qWarning() << describe(error);
            return message.id;
        };
        // u1 → a1 → u2 → a2 → u3 → a3, then a regeneration of a3 (a3b), then an edit of u2
        // (u2b → a2b → u3b → a3c): the current leaf is the last one saved.
        const QString u1 = add({}, Role::User, QStringLiteral("u1"));
        const QString a1 = add(u1, Role::Assistant, QStringLiteral("a1"));
        const QString u2 = add(a1, Role::User, QStringLiteral("u2"));
        const QString a2 = add(u2, Role::Assistant, QStringLiteral("a2"));
        const QString u3 = add(a2, Role::User, QStringLiteral("u3"));
        const QString a3 = add(u3, Role::Assistant, QStringLiteral("a3"));
        const QString a3b = add(u3, Role::Assistant, QStringLiteral("a3b"));
        const QString u2b = add(a1, Role::User, QStringLiteral("u2b"));
        const QString a2b = add(u2b, Role::Assistant, QStringLiteral("a2b"));
        const QString u3b = add(a2b, Role::User, QStringLiteral("u3b"));
        const QString a3c = add(u3b, Role::Assistant, QStringLiteral("a3c"));
        QVERIFY(!QTest::currentTestFailed());

        const QStringList edited{a3c, u3b, a2b, u2b, a1, u1};
        QCOMPARE(repository.conversation(conversation.id).value.currentLeafId, a3c);
        QCOMPARE(idsOf(repository.branch(conversation.id, {}, 100).value), edited);

        // Paged newest first, in pages of two, each starting above the last one's oldest.
        const auto pagedBranch = [&](int pageSize) {
            QStringList ids;
            QString before;
            for (int i = 0; i < 20; ++i) {
                const StorageResult<QList<MessageRecord>> page =
                    repository.branch(conversation.id, before, pageSize);
                if (!page.ok() || page.value.isEmpty())
                    break;
                ids += idsOf(page.value);
                before = page.value.last().id;
            }
            return ids;
        };
        QCOMPARE(pagedBranch(2), edited);
        QCOMPARE(pagedBranch(4), edited);
        QCOMPARE(pagedBranch(1), edited);
        QCOMPARE(idsOf(repository.branch(conversation.id, u2b, 2).value), (QStringList{a1, u1}));
        QCOMPARE(repository.branch(conversation.id, u1, 5).value.size(), 0);
        QCOMPARE(repository.branch(conversation.id, {}, 0).value.size(), 0);
        // A message of another conversation is no starting point here.
        QCOMPARE(repository.branch(other.id, a2b, 5).value.size(), 0);

        QStringList oldestFirst = edited;
        std::reverse(oldestFirst.begin(), oldestFirst.end());
        StorageResult<QList<MessageRecord>> full = repository.fullBranch(conversation.id);
        QVERIFY(full.ok());
        QCOMPARE(idsOf(full.value), oldestFirst);
        QCOMPARE(full.value.first().content, QStringLiteral("u1"));

        // Switching to the regenerated answer of the first version.
        VERIFY_OK(repository.setCurrentLeaf(conversation.id, a3b));
        QCOMPARE(idsOf(repository.branch(conversation.id, {}, 3).value), (QStringList{a3b, u3, a2}));
        QCOMPARE(pagedBranch(3), (QStringList{a3b, u3, a2, u2, a1, u1}));
        QCOMPARE(idsOf(repository.fullBranch(conversation.id).value), (QStringList{u1, a1, u2, a2, u3, a3b}));

        // Siblings, oldest first.
        QCOMPARE(idsOf(repository.siblings(a3).value), (QStringList{a3, a3b}));
        QCOMPARE(idsOf(repository.siblings(a3b).value), (QStringList{a3, a3b}));
        QCOMPARE(idsOf(repository.siblings(u2b).value), (QStringList{u2, u2b}));
        QCOMPARE(idsOf(repository.siblings(a1).value), (QStringList{a1}));
        QCOMPARE(idsOf(repository.siblings(u1).value), (QStringList{u1}));
        // Roots are siblings too (an edit of the first message), within their conversation only.
        const QString u1b = add({}, Role::User, QStringLiteral("u1b"));
        QCOMPARE(idsOf(repository.siblings(u1).value), (QStringList{u1, u1b}));
        QCOMPARE(repository.siblings(newId()).error.kind, Kind::NotFound);

        // No leaf: nothing to show.
        VERIFY_OK(repository.setCurrentLeaf(conversation.id, {}));
        QCOMPARE(repository.conversation(conversation.id).value.currentLeafId, QString());
        QCOMPARE(repository.branch(conversation.id, {}, 10).value.size(), 0);
        QCOMPARE(repository.fullBranch(conversation.id).value.size(), 0);
        // A leaf may name a message that has not landed yet.
        const QString future = newId();
        VERIFY_OK(repository.setCurrentLeaf(conversation.id, future));
        QCOMPARE(repository.branch(conversation.id, {}, 10).value.size(), 0);
    }

    // A streaming reply grows by appends that carry only the new text; one retried after it had
    // in fact committed adds nothing twice, and an ended message takes no more.
    void streamingTextIsAppendedOnce_data() { TestDatabases::addBackendRows(); }
    void streamingTextIsAppendedOnce()
    {
        OPEN_FRESH(db);
        ConversationRepository repository(*db);
        const ConversationRecord conversation = conversationAt(QStringLiteral("Chat"), 1700000000000);
        VERIFY_OK(repository.saveConversation(conversation));
        MessageRecord answer =
            messageIn(conversation.id, {}, Role::Assistant, QStringLiteral("Once"), 1700000001000);
        answer.status = Status::Streaming;
        answer.writerId = newId();
        VERIFY_OK(repository.saveMessage(answer));

        const QDateTime first = answer.updatedAt;
        const QDateTime second = first.addMSecs(200);
        const QDateTime third = second.addMSecs(200);
        VERIFY_OK(repository.appendStreamingText(answer.id, QStringLiteral(" upon"), first, second));
        VERIFY_OK(repository.appendStreamingText(answer.id, QStringLiteral(" upon"), first, second)); // again
        VERIFY_OK(repository.appendStreamingText(answer.id, QStringLiteral(" a time 🎉"), second, third));
        StorageResult<MessageRecord> read = repository.message(answer.id);
        QVERIFY2(read.ok(), qPrintable(describe(read.error)));
        QCOMPARE(read.value.content, QStringLiteral("Once upon a time 🎉"));
        QCOMPARE(read.value.updatedAt, third);
        QCOMPARE(read.value.status, Status::Streaming);

        answer.content = read.value.content;
        answer.status = Status::Complete;
        answer.writerId.clear();
        answer.updatedAt = third.addMSecs(200);
        VERIFY_OK(repository.saveMessage(answer));
        VERIFY_OK(repository.appendStreamingText(answer.id, QStringLiteral(" late"), answer.updatedAt,
                                                 answer.updatedAt.addMSecs(1)));
        read = repository.message(answer.id);
        QCOMPARE(read.value.content, QStringLiteral("Once upon a time 🎉"));
        QCOMPARE(read.value.status, Status::Complete);
    }

    void damagedChainEnds_data() { TestDatabases::addBackendRows(); }
    void damagedChainEnds()
    {
        OPEN_FRESH(db);
        ConversationRepository repository(*db);
        const ConversationRecord conversation = conversationAt(QStringLiteral("Loop"), 1700000000000);
        VERIFY_OK(repository.saveConversation(conversation));
        // Two messages that name each other as parent: the walk must still end.
        MessageRecord a = messageIn(conversation.id, {}, Role::User, QStringLiteral("a"), 1);
        MessageRecord b = messageIn(conversation.id, a.id, Role::Assistant, QStringLiteral("b"), 2);
        a.parentId = b.id;
        VERIFY_OK(repository.saveMessage(a));
        VERIFY_OK(repository.saveMessage(b));
        QCOMPARE(repository.branch(conversation.id, {}, 10).value.size(), 10);
        QCOMPARE(repository.fullBranch(conversation.id).value.size(), 2);
    }

    // NUL is stored as it was sent (a PostgreSQL string cannot hold it: docs/storage.md says how
    // it is kept), and so is the character that encoding uses.
    void nulRoundTrips_data() { TestDatabases::addBackendRows(); }
    void nulRoundTrips()
    {
        OPEN_FRESH(db);
        ConversationRepository repository(*db);
        const QString withNul = QStringLiteral("a") + QChar(0) + QStringLiteral("b") + QChar(0xFDD0) +
                                QStringLiteral("0c") + QChar(0xFDD0) + QChar(0) + QChar(0);
        ConversationRecord conversation = conversationAt(withNul, 1700000000000);
        conversation.systemPrompt = withNul;
        VERIFY_OK(repository.saveConversation(conversation));
        MessageRecord message = messageIn(conversation.id, {}, Role::User, withNul, 1);
        message.errorText = withNul;
        VERIFY_OK(repository.saveMessage(message));

        const StorageResult<ConversationRecord> read = repository.conversation(conversation.id);
        QVERIFY2(read.ok(), qPrintable(describe(read.error)));
        QCOMPARE(read.value.title, withNul);
        QCOMPARE(read.value.systemPrompt, withNul);
        const StorageResult<MessageRecord> readMessage = repository.message(message.id);
        QVERIFY2(readMessage.ok(), qPrintable(describe(readMessage.error)));
        QCOMPARE(readMessage.value.content, withNul);
        QCOMPARE(readMessage.value.errorText, withNul);
        QCOMPARE(repository.fullBranch(conversation.id).value.value(0).content, withNul);
    }

    void latestLeafUnderEndsOnACycle_data() { TestDatabases::addBackendRows(); }
    void latestLeafUnderEndsOnACycle()
    {
        OPEN_FRESH(db);
        ConversationRepository repository(*db);
        const ConversationRecord conversation = conversationAt(QStringLiteral("Cycle"), 1700000000000);
        VERIFY_OK(repository.saveConversation(conversation));
        // r → a → b → c, and x, y on their own.
        const MessageRecord r = messageIn(conversation.id, {}, Role::User, QStringLiteral("r"), 1);
        const MessageRecord a = messageIn(conversation.id, r.id, Role::Assistant, QStringLiteral("a"), 2);
        const MessageRecord b = messageIn(conversation.id, a.id, Role::User, QStringLiteral("b"), 3);
        const MessageRecord c = messageIn(conversation.id, b.id, Role::Assistant, QStringLiteral("c"), 4);
        const MessageRecord x = messageIn(conversation.id, {}, Role::User, QStringLiteral("x"), 5);
        const MessageRecord y = messageIn(conversation.id, x.id, Role::Assistant, QStringLiteral("y"), 6);
        for (const MessageRecord &message : {r, a, b, c, x, y})
            VERIFY_OK(repository.saveMessage(message));
        QCOMPARE(repository.latestLeafUnder(a.id).value, c.id);

        // Without the fix the walk never ends: a time limit turns that into a failure on
        // PostgreSQL (SQLite has none; the test then hangs until ctest's timeout).
        QSqlQuery query(db->connection());
        if (db->dialect() == Database::Dialect::Postgres)
            QVERIFY(query.exec(QStringLiteral("SET statement_timeout = '20s'")));
        // A cycle written behind Confab's back: a ⇄ b, with c still below b; and x ⇄ y, no leaf.
        query.prepare(QStringLiteral("UPDATE messages SET parent_id = ? WHERE id = ?"));
        for (const auto &[parent, child] : {std::pair{b.id, a.id}, std::pair{y.id, x.id}}) {
            query.addBindValue(parent);
            query.addBindValue(child);
            QVERIFY2(query.exec(), qPrintable(query.lastError().text()));
        }
        const StorageResult<QString> underA = repository.latestLeafUnder(a.id);
        QVERIFY2(underA.ok(), qPrintable(describe(underA.error)));
        QCOMPARE(underA.value, c.id);
        const StorageResult<QString> underX = repository.latestLeafUnder(x.id);
        QVERIFY2(underX.ok(), qPrintable(describe(underX.error)));
        QCOMPARE(underX.value, y.id); // no leaf: the newest message of the cycle
        QCOMPARE(repository.latestLeafUnder(newId()).error.kind, Kind::NotFound);
    }

    void cascadeDelete_data() { TestDatabases::addBackendRows(); }
    void cascadeDelete()
    {
        OPEN_FRESH(db);
        ConversationRepository repository(*db);
        const ConversationRecord doomed = conversationAt(QStringLiteral("Doomed"), 1700000000000);
        const ConversationRecord kept = conversationAt(QStringLiteral("Kept"), 1700000000000);
        VERIFY_OK(repository.saveConversation(doomed));
        VERIFY_OK(repository.saveConversation(kept));
        QString parent;
        for (int i = 0; i < 5; ++i) {
            MessageRecord message =
                messageIn(doomed.id, parent, Role::User, QStringLiteral("gone %1").arg(i), i);
            VERIFY_OK(repository.saveMessage(message));
            parent = message.id;
        }
        VERIFY_OK(repository.saveMessage(messageIn(kept.id, {}, Role::User, QStringLiteral("stays"), 1)));

        if (db->dialect() == Database::Dialect::Sqlite)
            QCOMPARE(scalar(*db, QStringLiteral("PRAGMA foreign_keys")), 1);
        VERIFY_OK(repository.deleteConversation(doomed.id));
        QCOMPARE(scalar(*db, QStringLiteral("SELECT count(*) FROM messages WHERE conversation_id = ?"),
                        {doomed.id}),
                 0);
        QCOMPARE(scalar(*db, QStringLiteral("SELECT count(*) FROM messages")), 1);
        QCOMPARE(repository.conversation(kept.id).value.messageCount, 1);
        QCOMPARE(repository.message(parent).error.kind, Kind::NotFound);
        QCOMPARE(repository.branch(doomed.id, {}, 10).value.size(), 0);

        // The schema's own cascade, without our explicit delete.
        QSqlQuery query(db->connection());
        query.prepare(QStringLiteral("DELETE FROM conversations WHERE id = ?"));
        query.addBindValue(kept.id);
        QVERIFY2(query.exec(), qPrintable(query.lastError().text()));
        QCOMPARE(scalar(*db, QStringLiteral("SELECT count(*) FROM messages")), 0);
    }

    void concurrentWriters_data() { TestDatabases::addBackendRows(); }
    void concurrentWriters()
    {
        QFETCH(QString, backend);
        QString why;
        std::optional<DatabaseConfig> config;
        const std::unique_ptr<Database> db = freshDatabase(backend, m_dir.path(), &why, &config);
        QVERIFY2(db, qPrintable(why));
        ConversationRepository repository(*db);
        const ConversationRecord conversation = conversationAt(QStringLiteral("Busy"), 1700000000000);
        VERIFY_OK(repository.saveConversation(conversation));

        // Two connections on two threads, each writing its own chain into the same conversation.
        // A transient failure (SQLite's lock after its busy timeout) is retried, as the store does.
        constexpr int perWriter = 60;
        QStringList failures[2];
        const auto writer = [&](int index) {
            QString error;
            const std::unique_ptr<Database> own = openDatabase(*config, &error);
            if (!own) {
                failures[index].append(error);
                return;
            }
            ConversationRepository writes(*own);
            QString parent;
            for (int i = 0; i < perWriter; ++i) {
                MessageRecord message =
                    messageIn(conversation.id, parent, Role::User, QStringLiteral("w%1 %2").arg(index).arg(i),
                              1700000000000 + i);
                StorageError saved = writes.saveMessage(message);
                for (int attempt = 0; saved.isTransient() && attempt < 20; ++attempt) {
                    QThread::msleep(10);
                    saved = writes.saveMessage(message);
                }
                if (saved.isError())
                    failures[index].append(describe(saved));
                parent = message.id;
            }
        };
        std::unique_ptr<QThread> first(QThread::create(writer, 0));
        std::unique_ptr<QThread> second(QThread::create(writer, 1));
        first->start();
        second->start();
        // Joining worker threads is what a test must do before it reads their results.
        QVERIFY(first->wait(QDeadlineTimer(120000)));
        QVERIFY(second->wait(QDeadlineTimer(120000)));
        QVERIFY2(failures[0].isEmpty(), qPrintable(failures[0].join(u'\n')));
        QVERIFY2(failures[1].isEmpty(), qPrintable(failures[1].join(u'\n')));
        QCOMPARE(repository.conversation(conversation.id).value.messageCount, 2 * perWriter);
        QCOMPARE(scalar(*db, QStringLiteral("SELECT count(DISTINCT content) FROM messages")), 2 * perWriter);
        // Each chain is whole: its leaf reaches its root.
        const QString leaf = repository.conversation(conversation.id).value.currentLeafId;
        QVERIFY(!leaf.isEmpty());
        QCOMPARE(repository.fullBranch(conversation.id).value.size(), perWriter);
    }

private:
    QTemporaryDir m_dir;
};

QTEST_GUILESS_MAIN(TestConversationRepository)
#include "tst_conversationrepository.moc"
