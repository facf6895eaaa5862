// SPDX-License-Identifier: GPL-3.0-or-later
#include "replyreasoning.h"

#include "chatstream.h"

#include <utility>

ReplyReasoning::ReplyReasoning(ChatStream *stream, QString prefix, std::optional<qint64> prefixMs,
                               QObject *parent)
    : QObject(parent)
    , m_text(std::move(prefix))
    , m_prefixLength(m_text.size())
    , m_doneMs(prefixMs.value_or(0))
    , m_thought(!m_text.isEmpty() || prefixMs.has_value())
{
    // A retry only comes before the first token (ChatStream), so no thinking is ever taken back.
    connect(stream, &ChatStream::reasoningDelta, this, &ReplyReasoning::onReasoning);
    connect(stream, &ChatStream::contentDelta, this, &ReplyReasoning::stop);
    connect(stream, &ChatStream::refusalDelta, this, &ReplyReasoning::stop);
    connect(stream, &ChatStream::done, this, &ReplyReasoning::stop);
}

std::optional<qint64> ReplyReasoning::durationMs() const
{
    if (!m_thought)
        return std::nullopt;
    return m_doneMs + (m_thinking.isValid() ? m_thinking.elapsed() : 0);
}

QList<MessagePart> ReplyReasoning::parts(const ChatStream *stream) const
{
    QList<MessagePart> parts;
    if (!m_text.isEmpty()) {
        MessagePart thinking = MessagePart::reasoningPart(m_text, durationMs());
        if (stream)
            thinking.signature = stream->reasoningSignature();
        parts.append(thinking);
    }
    if (stream) {
        for (const QString &data : stream->redactedReasoning()) {
            MessagePart redacted;
            redacted.type = MessagePart::Type::Reasoning;
            redacted.redactedData = data;
            parts.append(redacted);
        }
    }
    return parts;
}

void ReplyReasoning::onReasoning(const QString &delta)
{
    if (delta.isEmpty())
        return;
    QString joined = delta;
    if (!m_thinking.isValid()) {
        m_thinking.start();
        // A continued reply thinks again: its new thinking reads as a paragraph of its own.
        if (m_prefixLength > 0 && m_text.size() == m_prefixLength)
            joined.prepend(QStringLiteral("\n\n"));
        m_thought = true;
    }
    m_text += joined;
    Q_EMIT appended(joined);
}

void ReplyReasoning::stop()
{
    if (!m_thinking.isValid())
        return;
    m_doneMs += m_thinking.elapsed();
    m_thinking.invalidate();
    Q_EMIT ended(m_doneMs);
}
