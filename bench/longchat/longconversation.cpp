// SPDX-License-Identifier: GPL-3.0-or-later
#include "longconversation.h"

#include "conversationstore.h"
#include "replygenerator.h"

#include <QCoreApplication>
#include <QRandomGenerator>
#include <QUuid>

using namespace Qt::StringLiterals;

namespace {

QString newId()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

const QStringList questions = {
    u"How do I keep the cache warm when the server restarts?"_s,
    u"Can you show the same thing in C++ with a worked example?"_s,
    u"Why is the query slower when the index is on both columns?"_s,
    u"What does the formula mean for the variance? Explain each term."_s,
    u"Rewrite the function so it streams instead of buffering everything."_s,
};

const QStringList formulas = {
    u"The error falls as $\\varepsilon_n = \\frac{C}{\\sqrt{n}}$, so four times the samples halve it:\n\n"
    "$$\\operatorname{Var}(\\bar X) = \\frac{\\sigma^2}{n}, \\qquad \\bar X = \\frac1n \\sum_{i=1}^{n} X_i$$\n\n"_s,
    u"With \\(a^2 + b^2 = c^2\\) the distance is the root of the sum:\n\n"
    "\\[ d(p, q) = \\sqrt{\\sum_{i=1}^{k} (p_i - q_i)^2} \\]\n\n"_s,
    u"The integral settles it: $$\\int_0^1 x^2\\,dx = \\frac13$$ and the series "
    "$\\sum_{k \\ge 1} \\frac{1}{k^2} = \\frac{\\pi^2}{6}$ bounds the rest.\n\n"_s,
};

// Waits for a future of the store while its thread works: this is a benchmark's setup, not the app.
template<typename Future> void await(const Future &future)
{
    while (!future.isFinished())
        QCoreApplication::processEvents(QEventLoop::AllEvents, 10);
}

} // namespace

QList<MessageRecord> LongConversation::make(const QString &conversationId, int count, quint32 seed)
{
    ReplyGenerator replies(seed);
    QRandomGenerator random(seed);
    const QDateTime start = QDateTime::currentDateTimeUtc().addDays(-30);
    QList<MessageRecord> messages;
    messages.reserve(count);
    QString parent;
    for (int i = 0; i < count; ++i) {
        MessageRecord message;
        message.id = newId();
        message.conversationId = conversationId;
        message.parentId = parent;
        message.createdAt = message.updatedAt = start.addSecs(i * 30);
        if (i % 2 == 0) {
            message.role = MessageRecord::Role::User;
            message.content = questions.at(random.bounded(int(questions.size())));
        } else {
            message.role = MessageRecord::Role::Assistant;
            message.model = u"gpt-bench"_s;
            // 150 to 900 tokens: a screen or two of text, code and a table, then math.
            message.content = replies.tokens(150 + random.bounded(750)).join(QString()).trimmed() +
                              u"\n\n"_s + formulas.at(random.bounded(int(formulas.size())));
        }
        messages.append(message);
        parent = message.id;
    }
    return messages;
}

QString LongConversation::write(ConversationStore &store, int count, quint32 seed, QString *error)
{
    ConversationRecord conversation;
    conversation.id = newId();
    conversation.title = QString::fromLatin1(title);
    conversation.model = u"gpt-bench"_s;
    const QList<MessageRecord> messages = make(conversation.id, count, seed);
    conversation.createdAt = messages.constFirst().createdAt;
    conversation.updatedAt = messages.constLast().createdAt;
    conversation.currentLeafId = messages.constLast().id;
    const QFuture<StorageError> created = store.saveConversation(conversation);
    await(created);
    if (created.result().isError()) {
        *error = created.result().message;
        return {};
    }
    QFuture<StorageError> saved;
    for (const MessageRecord &message : messages)
        saved = store.saveMessage(message);
    await(saved);
    if (saved.result().isError()) {
        *error = saved.result().message;
        return {};
    }
    await(store.flush());
    return conversation.id;
}
