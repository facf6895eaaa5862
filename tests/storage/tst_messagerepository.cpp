// SPDX-License-Identifier: GPL-3.0-or-later
#include "conversationrepository.h"
#include "database.h"
#include "messagerepository.h"
#include "testdatabases.h"

#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>
#include <QUuid>

#include <algorithm>
#include <memory>

using namespace Qt::StringLiterals;
using Role = MessageRecord::Role;

namespace {

QString newId()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

// What the switcher showed before there was branchPositions(): each message's place in its
// siblings() list, and that list's length.
QList<BranchPosition> positionsBySiblings(MessageRepository &messages, const QStringList &ids)
{
    QList<BranchPosition> positions;
    for (const QString &id : ids) {
        const StorageResult<QList<MessageRecord>> siblings = messages.siblings(id);
        if (!siblings.ok())
            continue;
        const auto at = std::find_if(siblings.value.cbegin(), siblings.value.cend(),
                                     [&id](const MessageRecord &sibling) { return sibling.id == id; });
        positions.append({id, int(at - siblings.value.cbegin()), int(siblings.value.size())});
    }
    return positions;
}

QStringList describe(QList<BranchPosition> positions)
{
    std::sort(positions.begin(), positions.end(),
              [](const BranchPosition &a, const BranchPosition &b) { return a.messageId < b.messageId; });
    QStringList lines;
    for (const BranchPosition &position : positions)
        lines.append(u"%1 %2/%3"_s.arg(position.messageId).arg(position.index + 1).arg(position.count));
    return lines;
}

} // namespace

class TestMessageRepository : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    // One query gives every message of a page the place siblings() gives it, across edits,
    // regenerations, several roots, equal timestamps and another conversation's messages.
    void branchPositionsMatchSiblings_data() { TestDatabases::addBackendRows(); }
    void branchPositionsMatchSiblings()
    {
        QFETCH(QString, backend);
        QString why;
        const std::optional<DatabaseConfig> config = TestDatabases::fresh(backend, m_dir.path(), &why);
        QVERIFY2(config, qPrintable(why));
        Database db(*config);
        const StorageError opened = db.open();
        QVERIFY2(!opened.isError(), qPrintable(opened.message + u' ' + opened.detail));
        ConversationRepository conversations(db);
        MessageRepository messages(db);

        QStringList ids;
        qint64 clock = 1700000000000;
        const auto add = [&](const QString &conversationId, const QString &parent, bool sameTime = false) {
            MessageRecord message;
            message.id = newId();
            message.conversationId = conversationId;
            message.parentId = parent;
            message.role = Role::User;
            message.content = u"text"_s;
            message.createdAt = QDateTime::fromMSecsSinceEpoch(sameTime ? clock : ++clock, QTimeZone::utc());
            const StorageError error = messages.saveMessage(message);
            if (error.isError())
                qWarning() << error.message << error.detail;
            ids.append(message.id);
            return message.id;
        };
        QStringList conversationIds;
        for (int i = 0; i < 2; ++i) {
            ConversationRecord conversation;
            conversation.id = newId();
            conversation.createdAt = QDateTime::fromMSecsSinceEpoch(clock, QTimeZone::utc());
            QVERIFY(!conversations.saveConversation(conversation).isError());
            conversationIds.append(conversation.id);
        }
        const QString tree = conversationIds.at(0);
        // Two roots, a chain with a regenerated answer (three versions, two of them saved in
        // the same millisecond: the id decides), and an edit with its own reply.
        const QString root = add(tree, {});
        add(tree, {});
        const QString answer = add(tree, root);
        const QString question = add(tree, answer);
        add(tree, question);
        add(tree, question);
        add(tree, question, true);
        const QString edit = add(tree, answer);
        add(tree, edit);
        // The other conversation: a root alone, and one with a version.
        const QString otherRoot = add(conversationIds.at(1), {});
        add(conversationIds.at(1), otherRoot);
        add(conversationIds.at(1), otherRoot);
        QVERIFY(!QTest::currentTestFailed());

        const StorageResult<QList<BranchPosition>> found = messages.branchPositions(ids);
        QVERIFY2(found.ok(), qPrintable(found.error.message + u' ' + found.error.detail));
        QCOMPARE(found.value.size(), ids.size());
        QCOMPARE(describe(found.value), describe(positionsBySiblings(messages, ids)));
        // The repository's own entry point gives the same.
        QCOMPARE(describe(conversations.branchPositions(ids).value), describe(found.value));

        // A page of one, a message that does not exist, and nothing at all.
        const StorageResult<QList<BranchPosition>> one = messages.branchPositions({edit});
        QCOMPARE(one.value.size(), 1);
        QCOMPARE(one.value.first().index, 1);
        QCOMPARE(one.value.first().count, 2);
        QCOMPARE(messages.branchPositions({newId()}).value.size(), 0);
        const StorageResult<QList<BranchPosition>> none = messages.branchPositions({});
        QVERIFY(none.ok());
        QCOMPARE(none.value.size(), 0);

        // A list longer than one query takes, with unknown ids among the known ones.
        QStringList many;
        for (int i = 0; i < 450; ++i)
            many.append(i % 50 == 0 ? ids.at(i / 50 % ids.size()) : newId());
        const StorageResult<QList<BranchPosition>> sliced = messages.branchPositions(many);
        QVERIFY(sliced.ok());
        QCOMPARE(sliced.value.size(), 9);
    }

private:
    QTemporaryDir m_dir;
};

QTEST_GUILESS_MAIN(TestMessageRepository)
#include "tst_messagerepository.moc"
