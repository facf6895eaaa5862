// SPDX-License-Identifier: GPL-3.0-or-later
// A reply's thinking: streamed apart from its answer, one role of one row a frame; ended when
// the answer begins; read back from the parts the store keeps; and the usage line's figures.
#include "markdownblocks.h"
#include "tst_messagemodel.h"

namespace {

MessageRecord streamingReply()
{
    MessageRecord reply;
    reply.id = newId();
    reply.role = MessageRecord::Role::Assistant;
    reply.status = MessageRecord::Status::Streaming;
    return reply;
}

QList<int> rolesOf(const QSignalSpy &changed, int at)
{
    return changed.at(at).at(2).value<QList<int>>();
}

const MarkdownBlocks *reasoningBlocksAt(const MessageModel &model, int row)
{
    return qobject_cast<const MarkdownBlocks *>(
        roleAt(model, row, MessageModel::ReasoningBlocksRole).value<QObject *>());
}

} // namespace

void TestMessageModel::streamedThinkingIsCoalescedPerFrame()
{
    MessageModel model(nullptr);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const MessageRecord reply = streamingReply();
    model.appendMessage(reply, MessageModel::SaveState::Saving);
    QVERIFY(roleAt(model, 0, MessageModel::ReasoningRole).toString().isEmpty());
    QVERIFY(!roleAt(model, 0, MessageModel::ThinkingRole).toBool());
    QVERIFY(!roleAt(model, 0, MessageModel::ThinkingMsRole).isValid());

    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    const QDateTime since = QDateTime::currentDateTimeUtc();
    model.startThinking(reply.id, since);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(rolesOf(changed, 0), (QList<int>{MessageModel::ThinkingRole, MessageModel::ThinkingSinceRole}));
    QVERIFY(roleAt(model, 0, MessageModel::ThinkingRole).toBool());
    QCOMPARE(roleAt(model, 0, MessageModel::ThinkingSinceRole).toDateTime(), since);

    for (int i = 0; i < 100; ++i)
        model.appendReasoning(reply.id, u"step %1. "_s.arg(i));
    QCOMPARE(changed.count(), 1); // nothing until the frame
    // What a retry or a continuation reads: the thinking held for the frame is in its parts.
    const MessageRecord asItStands = model.message(0);
    QCOMPARE(asItStands.parts.size(), 1);
    QCOMPARE(asItStands.parts.first().type, MessagePart::Type::Reasoning);
    QVERIFY(asItStands.parts.first().text.endsWith(u"step 99. "_s));
    QVERIFY(asItStands.content.isEmpty());

    QTRY_COMPARE(changed.count(), 2);
    QCOMPARE(changed.last().at(0).value<QModelIndex>().row(), 0);
    QCOMPARE(rolesOf(changed, 1), QList<int>{MessageModel::ReasoningRole});
    QVERIFY(roleAt(model, 0, MessageModel::ReasoningRole).toString().startsWith(u"step 0. step 1. "_s));
    QVERIFY(roleAt(model, 0, MessageModel::ContentRole).toString().isEmpty());
    // The thinking's own markdown blocks, as incremental as the answer's.
    const MarkdownBlocks *blocks = reasoningBlocksAt(model, 0);
    QVERIFY(blocks);
    QVERIFY(blocks != roleAt(model, 0, MessageModel::BlocksRole).value<QObject *>());
    QCOMPARE(blocks->text(), roleAt(model, 0, MessageModel::ReasoningRole).toString());
    QVERIFY(blocks->isStreaming());
}

void TestMessageModel::thinkingEndsWhenTheAnswerBegins()
{
    MessageModel model(nullptr);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    MessageRecord reply = streamingReply();
    model.appendMessage(reply, MessageModel::SaveState::Saving);
    model.startThinking(reply.id, QDateTime::currentDateTimeUtc());
    model.appendReasoning(reply.id, u"Weigh it up."_s);

    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.endThinking(reply.id, 12400);
    // The thinking held for the frame goes first, whole, then the end.
    QCOMPARE(changed.count(), 2);
    QCOMPARE(rolesOf(changed, 0), QList<int>{MessageModel::ReasoningRole});
    QCOMPARE(rolesOf(changed, 1), (QList<int>{MessageModel::ThinkingRole, MessageModel::ThinkingMsRole}));
    QVERIFY(!roleAt(model, 0, MessageModel::ThinkingRole).toBool());
    QCOMPARE(roleAt(model, 0, MessageModel::ThinkingMsRole).toLongLong(), 12400);
    QCOMPARE(roleAt(model, 0, MessageModel::ReasoningRole).toString(), u"Weigh it up."_s);
    QVERIFY(!reasoningBlocksAt(model, 0)->isStreaming());
    QCOMPARE(model.message(0).parts,
             QList<MessagePart>{MessagePart::reasoningPart(u"Weigh it up."_s, 12400)});

    model.appendContent(reply.id, u"It is 42."_s);
    QTRY_COMPARE(changed.count(), 3);
    QCOMPARE(rolesOf(changed, 2), QList<int>{MessageModel::ContentRole});

    // The reply as it ended: its parts agree with what streamed, so only its status and usage change.
    reply.status = MessageRecord::Status::Complete;
    reply.content = u"It is 42."_s;
    reply.parts = {MessagePart::reasoningPart(u"Weigh it up."_s, 12400),
                   MessagePart::textPart(reply.content)};
    reply.completionTokens = 30;
    model.updateMessage(reply);
    QCOMPARE(changed.count(), 4);
    QCOMPARE(rolesOf(changed, 3),
             (QList<int>{MessageModel::StatusRole, MessageModel::ReplyTokensRole, MessageModel::UsageRole}));
    QCOMPARE(roleAt(model, 0, MessageModel::ThinkingMsRole).toLongLong(), 12400);
}

void TestMessageModel::aReplyEndedWhileThinkingStopsThinking()
{
    MessageModel model(nullptr);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const MessageRecord reply = streamingReply();
    model.appendMessage(reply, MessageModel::SaveState::Saving);
    model.startThinking(reply.id, QDateTime::currentDateTimeUtc());
    model.appendReasoning(reply.id, u"Hmm"_s);
    model.flushContent();

    MessageRecord cut = model.message(0);
    cut.status = MessageRecord::Status::Interrupted;
    cut.errorText = u"The connection was lost."_s;
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.updateMessage(cut);
    QCOMPARE(changed.count(), 1);
    QVERIFY(rolesOf(changed, 0).contains(MessageModel::ThinkingRole));
    QVERIFY(!roleAt(model, 0, MessageModel::ThinkingRole).toBool());
    QCOMPARE(roleAt(model, 0, MessageModel::ReasoningRole).toString(), u"Hmm"_s); // kept

    // Retried in its place: the thinking of the failed attempt goes with its parts.
    cut.status = MessageRecord::Status::Pending;
    cut.parts.clear();
    model.updateMessage(cut);
    QVERIFY(roleAt(model, 0, MessageModel::ReasoningRole).toString().isEmpty());
    QVERIFY(reasoningBlocksAt(model, 0)->text().isEmpty());
}

void TestMessageModel::theOpenStateIsSetThroughSetData()
{
    MessageModel model(nullptr);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    MessageRecord reply = reasoningReply({}, {});
    model.appendMessage(reply, MessageModel::SaveState::Saved);
    // Unset: the view opens it while the model thinks and closes it when the answer begins.
    QVERIFY(!roleAt(model, 0, MessageModel::ThinkingOpenRole).isValid());
    QVERIFY(model.flags(model.index(0)).testFlag(Qt::ItemIsEditable));

    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.setThinkingOpen(reply.id, true);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(rolesOf(changed, 0), QList<int>{MessageModel::ThinkingOpenRole});
    QCOMPARE(roleAt(model, 0, MessageModel::ThinkingOpenRole), QVariant(true));
    model.setThinkingOpen(reply.id, true); // no change, no news
    QCOMPARE(changed.count(), 1);
    QVERIFY(model.setData(model.index(0), false, MessageModel::ThinkingOpenRole));
    QCOMPARE(roleAt(model, 0, MessageModel::ThinkingOpenRole), QVariant(false));

    // Nothing else is set from outside.
    QVERIFY(!model.setData(model.index(0), u"changed"_s, MessageModel::ContentRole));
    QCOMPARE(roleAt(model, 0, MessageModel::ContentRole).toString(), reply.content);
    QCOMPARE(changed.count(), 2);
}

void TestMessageModel::usageLineSaysOnlyWhatIsKnown()
{
    MessageModel model(nullptr);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    MessageRecord reply = reasoningReply({}, {});
    model.appendMessage(reply, MessageModel::SaveState::Saved);
    QCOMPARE(
        roleAt(model, 0, MessageModel::UsageRole).toString(),
        u"24 prompt + 212 reply tokens (180 reasoning) \u00b7 first token in 840 ms \u00b7 42 tokens/s"_s);
    QCOMPARE(roleAt(model, 0, MessageModel::PromptTokensRole).toLongLong(), 24);
    QCOMPARE(roleAt(model, 0, MessageModel::ReplyTokensRole).toLongLong(), 212);
    QCOMPARE(roleAt(model, 0, MessageModel::ReasoningTokensRole).toLongLong(), 180);
    QCOMPARE(roleAt(model, 0, MessageModel::FirstTokenMsRole).toLongLong(), 840);
    QCOMPARE(roleAt(model, 0, MessageModel::TokensPerSecondRole).toDouble(), 42.4);

    // A server that reports no usage: only what the client measured.
    reply.promptTokens.reset();
    reply.completionTokens.reset();
    reply.reasoningTokens.reset();
    reply.firstTokenMs = 12600;
    reply.tokensPerSecond = 3.26;
    model.updateMessage(reply);
    QCOMPARE(roleAt(model, 0, MessageModel::UsageRole).toString(),
             u"first token in 13 s \u00b7 3.3 tokens/s"_s);
    QVERIFY(!roleAt(model, 0, MessageModel::PromptTokensRole).isValid());
    QVERIFY(!roleAt(model, 0, MessageModel::ReasoningTokensRole).isValid());

    reply.firstTokenMs.reset();
    reply.tokensPerSecond.reset();
    model.updateMessage(reply);
    QVERIFY(roleAt(model, 0, MessageModel::UsageRole).toString().isEmpty());
}

void TestMessageModel::loadedReplyShowsItsThinking()
{
    QFETCH(QString, backend);
    QVERIFY(openStore(backend));
    const QStringList ids = seed(1);
    const MessageRecord reply = reasoningReply(m_conversationId, ids.first());
    m_store->saveMessage(reply);
    QFuture<void> flushed = m_store->flush();
    QTRY_VERIFY_WITH_TIMEOUT(flushed.isFinished(), timeout);

    m_model->load(m_conversationId);
    QTRY_COMPARE_WITH_TIMEOUT(m_model->rowCount(), 2, timeout);
    QCOMPARE(roleAt(*m_model, 1, MessageModel::ContentRole).toString(), u"It is **42**."_s);
    QCOMPARE(roleAt(*m_model, 1, MessageModel::ReasoningRole).toString(),
             u"First, *think*.\n\nThen answer."_s);
    QCOMPARE(roleAt(*m_model, 1, MessageModel::ThinkingMsRole).toLongLong(), 65000);
    QVERIFY(!roleAt(*m_model, 1, MessageModel::ThinkingRole).toBool());
    QVERIFY(!roleAt(*m_model, 1, MessageModel::ThinkingOpenRole).isValid());
    const MarkdownBlocks *blocks = reasoningBlocksAt(*m_model, 1);
    QVERIFY(blocks);
    QCOMPARE(blocks->rowCount(), 2); // two paragraphs, rendered as the answer's are
    QVERIFY(blocks->data(blocks->index(0), MarkdownBlocks::HtmlRole).toString().contains(u"italic"_s));
    QCOMPARE(
        roleAt(*m_model, 1, MessageModel::UsageRole).toString(),
        u"24 prompt + 212 reply tokens (180 reasoning) \u00b7 first token in 840 ms \u00b7 42 tokens/s"_s);
    // A user's message has no thinking.
    QVERIFY(roleAt(*m_model, 0, MessageModel::ReasoningRole).toString().isEmpty());
    QVERIFY(!roleAt(*m_model, 0, MessageModel::ReasoningBlocksRole).value<QObject *>());
}
