// SPDX-License-Identifier: GPL-3.0-or-later
// The message list on its own: pages read from the real store (both backends), streamed text
// and thinking coalesced to one update per frame, rows added and replaced as branches change.
#pragma once

#include "conversationstore.h"
#include "messagemodel.h"
#include "testdatabases.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

#include <memory>

using namespace Qt::StringLiterals;

namespace MessageModelTest {

constexpr int timeout = 30000;

inline QString newId()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

inline QString idAt(const MessageModel &model, int row)
{
    return model.data(model.index(row), MessageModel::MessageIdRole).toString();
}

inline QVariant roleAt(const MessageModel &model, int row, int role)
{
    return model.data(model.index(row), role);
}

// A reply with its thinking, as Exchange ends one and the store reads it back.
inline MessageRecord reasoningReply(const QString &conversationId, const QString &parentId)
{
    MessageRecord reply;
    reply.id = newId();
    reply.conversationId = conversationId;
    reply.parentId = parentId;
    reply.role = MessageRecord::Role::Assistant;
    reply.content = u"It is **42**."_s;
    reply.parts = {MessagePart::reasoningPart(u"First, *think*.\n\nThen answer."_s, 65000),
                   MessagePart::textPart(reply.content)};
    reply.promptTokens = 24;
    reply.completionTokens = 212;
    reply.totalTokens = 236;
    reply.reasoningTokens = 180;
    reply.firstTokenMs = 840;
    reply.tokensPerSecond = 42.4;
    reply.createdAt = reply.updatedAt = QDateTime::currentDateTimeUtc();
    return reply;
}

} // namespace MessageModelTest

using namespace MessageModelTest;

class TestMessageModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void newestPageFirstThenOlderPagesAtTheTop_data() { TestDatabases::addBackendRows(); }
    void newestPageFirstThenOlderPagesAtTheTop();
    void branchIndexAndCountFromSiblings_data() { TestDatabases::addBackendRows(); }
    void branchIndexAndCountFromSiblings();
    void streamedTextIsCoalescedPerFrame();
    void flushSendsPendingTextAtOnce();
    void rowsAddedUpdatedAndReplaced();
    void roleNamesFollowTheContract();

    // tst_messagemodel_reasoning.cpp
    void streamedThinkingIsCoalescedPerFrame();
    void thinkingEndsWhenTheAnswerBegins();
    void aReplyEndedWhileThinkingStopsThinking();
    void theOpenStateIsSetThroughSetData();
    void usageLineSaysOnlyWhatIsKnown();
    void loadedReplyShowsItsThinking_data() { TestDatabases::addBackendRows(); }
    void loadedReplyShowsItsThinking();

private:
    bool openStore(const QString &backend);
    // A conversation of `count` messages in one chain (user, assistant, user, …); their ids.
    QStringList seed(int count);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<ConversationStore> m_store;
    std::unique_ptr<MessageModel> m_model;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
    QString m_conversationId;
};
