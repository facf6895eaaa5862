// SPDX-License-Identifier: GPL-3.0-or-later
#include "replytiming.h"

#include "chatstream.h"
#include "messagerecord.h"

ReplyTiming::ReplyTiming(ChatStream *stream, QObject *parent)
    : QObject(parent)
{
    m_clock.start();
    connect(stream, &ChatStream::reasoningDelta, this, &ReplyTiming::onToken);
    connect(stream, &ChatStream::contentDelta, this, &ReplyTiming::onToken);
    connect(stream, &ChatStream::refusalDelta, this, &ReplyTiming::onToken);
}

void ReplyTiming::onToken()
{
    m_lastTokenMs = m_clock.elapsed();
    if (!m_firstTokenMs)
        m_firstTokenMs = m_lastTokenMs;
}

std::optional<double> ReplyTiming::tokensPerSecond(std::optional<qint64> completionTokens) const
{
    if (!m_firstTokenMs || !completionTokens || *completionTokens <= 0)
        return std::nullopt;
    const qint64 spanMs = m_lastTokenMs - *m_firstTokenMs;
    if (spanMs <= 0)
        return std::nullopt;
    return double(*completionTokens) * 1000.0 / double(spanMs);
}

void ReplyTiming::applyTo(MessageRecord &message) const
{
    message.firstTokenMs = m_firstTokenMs;
    message.tokensPerSecond = tokensPerSecond(message.completionTokens);
}
