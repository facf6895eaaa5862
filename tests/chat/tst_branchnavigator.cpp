// SPDX-License-Identifier: GPL-3.0-or-later
// Moving between the versions of a conversation's messages, on the real store (both backends)
// and the message model that shows it.
#include "branchnavigator.h"
#include "conversationstore.h"
#include "databasepeek.h"
#include "futurewait.h"
#include "messagemodel.h"
#include "scriptedchatrig.h"
#include "testdatabases.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

#include <memory>

using namespace Qt::StringLiterals;

namespace {

constexpr int timeout = 30000;

QString newId()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

} // namespace

class TestBranchNavigator : public QObject, protected ScriptedChatRig
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void switchingShowsTheOtherVersionAndWhatFollowedIt_data() { TestDatabases::addBackendRows(); }
    void switchingShowsTheOtherVersionAndWhatFollowedIt();
    void aVersionNotShownYetComesWithItsNewestReply();
    void branchingOffMakesRoomForANewVersion();

private:
    bool setUp(const QString &backend = u"sqlite"_s);
    // Saves a message below `parentId` and makes it the current leaf.
    QString add(const QString &parentId, MessageRecord::Role role, const QString &content);
    QString idAt(int row) const { return m_model->message(row).id; }
    bool showConversation();

    std::unique_ptr<MessageModel> m_model;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
    std::unique_ptr<BranchNavigator> m_navigator;
    QString m_conversationId;
};

void TestBranchNavigator::init()
{
    // Only the store of the rig: no server is asked.
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void TestBranchNavigator::cleanup()
{
    m_navigator.reset();
    m_tester.reset();
    m_model.reset();
    stopRig();
}

bool TestBranchNavigator::setUp(const QString &backend)
{
    if (!openStore(backend))
        return false;
    m_model = std::make_unique<MessageModel>(m_store.get());
    m_tester = std::make_unique<QAbstractItemModelTester>(
        m_model.get(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    m_navigator = std::make_unique<BranchNavigator>(m_store.get(), m_model.get());
    ConversationRecord conversation;
    conversation.id = m_conversationId = newId();
    conversation.title = u"Versions"_s;
    conversation.createdAt = conversation.updatedAt = QDateTime::currentDateTimeUtc();
    const auto created = take(m_store->createConversation(conversation), this);
    return created && !created->isError();
}

QString TestBranchNavigator::add(const QString &parentId, MessageRecord::Role role, const QString &content)
{
    MessageRecord message;
    message.id = newId();
    message.conversationId = m_conversationId;
    message.parentId = parentId;
    message.role = role;
    message.content = content;
    message.status = MessageRecord::Status::Complete;
    message.createdAt = message.updatedAt = QDateTime::currentDateTimeUtc();
    const auto saved = take(m_store->saveMessage(message, true), this);
    if (!saved || saved->isError())
        qWarning() << "cannot save" << content;
    return message.id;
}

bool TestBranchNavigator::showConversation()
{
    m_model->load(m_conversationId);
    return QTest::qWaitFor([&] { return !m_model->isLoading(); }, timeout);
}

void TestBranchNavigator::switchingShowsTheOtherVersionAndWhatFollowedIt()
{
    QFETCH(QString, backend);
    QVERIFY(setUp(backend));
    // Question → first answer → follow-up; then a second answer beside the first.
    const QString question = add({}, MessageRecord::Role::User, u"Question"_s);
    const QString first = add(question, MessageRecord::Role::Assistant, u"First answer"_s);
    const QString followUp = add(first, MessageRecord::Role::User, u"Follow-up"_s);
    const QString second = add(question, MessageRecord::Role::Assistant, u"Second answer"_s);
    QVERIFY(showConversation());
    QCOMPARE(m_model->rowCount(), 2);
    QCOMPARE(idAt(1), second);
    QTRY_COMPARE_WITH_TIMEOUT(m_model->branchCount(1), 2, timeout);
    QCOMPARE(m_model->branchIndex(1), 1);

    // ‹ back to the first answer: what followed it comes too, and the store makes it current.
    QSignalSpy errors(m_navigator.get(), &BranchNavigator::error);
    m_navigator->switchBranch(second, -1);
    QTRY_COMPARE_WITH_TIMEOUT(m_model->rowCount(), 3, timeout);
    QCOMPARE(idAt(0), question); // the rows above stay
    QCOMPARE(idAt(1), first);
    QCOMPARE(idAt(2), followUp);
    QTRY_COMPARE_WITH_TIMEOUT(m_model->branchCount(1), 2, timeout);
    QCOMPARE(m_model->branchIndex(1), 0);
    DatabasePeek peek(*m_config);
    QCOMPARE(peek.conversationField(m_conversationId, u"current_leaf_id"_s), followUp);

    // Nothing before the first; › returns to where the user was below the second.
    m_navigator->switchBranch(first, -1);
    m_navigator->switchBranch(first, +1);
    QTRY_COMPARE_WITH_TIMEOUT(m_model->rowCount(), 2, timeout);
    QCOMPARE(idAt(1), second);
    QTRY_COMPARE_WITH_TIMEOUT(peek.conversationField(m_conversationId, u"current_leaf_id"_s), second,
                              timeout);
    QCOMPARE(errors.count(), 0);
}

void TestBranchNavigator::aVersionNotShownYetComesWithItsNewestReply()
{
    QVERIFY(setUp());
    const QString question = add({}, MessageRecord::Role::User, u"Question"_s);
    const QString answer = add(question, MessageRecord::Role::Assistant, u"Answer"_s);
    add(answer, MessageRecord::Role::User, u"Older follow-up"_s);
    const QString newer = add(answer, MessageRecord::Role::User, u"Newer follow-up"_s);
    const QString newest = add(newer, MessageRecord::Role::Assistant, u"Newest reply"_s);
    const QString edited = add({}, MessageRecord::Role::User, u"Edited question"_s);
    QVERIFY(showConversation());
    QCOMPARE(m_model->rowCount(), 1);
    QCOMPARE(idAt(0), edited);

    // The first question has never been shown in this session: its newest leaf is.
    m_navigator->switchBranch(edited, -1);
    QTRY_COMPARE_WITH_TIMEOUT(m_model->rowCount(), 4, timeout);
    QCOMPARE(idAt(0), question);
    QCOMPARE(idAt(2), newer);
    QCOMPARE(idAt(3), newest);
}

void TestBranchNavigator::branchingOffMakesRoomForANewVersion()
{
    QVERIFY(setUp());
    const QString question = add({}, MessageRecord::Role::User, u"Question"_s);
    const QString answer = add(question, MessageRecord::Role::Assistant, u"Answer"_s);
    const QString followUp = add(answer, MessageRecord::Role::User, u"Follow-up"_s);
    QVERIFY(showConversation());
    QCOMPARE(m_model->rowCount(), 3);
    QTRY_COMPARE_WITH_TIMEOUT(m_model->branchCount(1), 1, timeout);

    // A new answer is to take the old one's place: the rows from it on go, and the new one is
    // the second of two.
    const BranchNavigator::Place place = m_navigator->branchOff(1);
    QCOMPARE(place.index, 1);
    QCOMPARE(place.count, 2);
    QCOMPARE(m_model->rowCount(), 1);
    QCOMPARE(idAt(0), question);

    // The new answer is written; going back to the old one shows where the user was below it.
    const QString regenerated = add(question, MessageRecord::Role::Assistant, u"Another answer"_s);
    MessageRecord shown;
    shown.id = regenerated;
    shown.conversationId = m_conversationId;
    shown.parentId = question;
    shown.role = MessageRecord::Role::Assistant;
    shown.content = u"Another answer"_s;
    m_model->appendMessage(shown, MessageModel::SaveState::Saved, place.index, place.count);
    m_navigator->switchBranch(regenerated, -1);
    QTRY_COMPARE_WITH_TIMEOUT(m_model->rowCount(), 3, timeout);
    QCOMPARE(idAt(1), answer);
    QCOMPARE(idAt(2), followUp);
}

QTEST_GUILESS_MAIN(TestBranchNavigator)
#include "tst_branchnavigator.moc"
