// SPDX-License-Identifier: GPL-3.0-or-later
#include "replytext.h"

#include "chatstream.h"

#include <utility>

ReplyText::ReplyText(ChatStream *stream, QString prefix, QObject *parent)
    : QObject(parent)
    , m_text(std::move(prefix))
    , m_prefixLength(m_text.size())
{
    connect(stream, &ChatStream::contentDelta, this, &ReplyText::onContent);
    connect(stream, &ChatStream::refusalDelta, this, &ReplyText::onRefusal);
    connect(stream, &ChatStream::retrying, this, [this] { rewrite({}); }); // the stream starts over
}

void ReplyText::onContent(const QString &delta)
{
    if (m_isRefusal) {
        // Content after a refusal: the content is the reply.
        rewrite(delta);
        return;
    }
    m_text += delta;
    Q_EMIT appended(delta);
}

void ReplyText::onRefusal(const QString &delta)
{
    if (m_text.size() > m_prefixLength && !m_isRefusal)
        return; // the content is the reply; the refusal is only shown without one
    m_isRefusal = true;
    m_text += delta;
    Q_EMIT appended(delta);
}

void ReplyText::rewrite(const QString &start)
{
    m_text.truncate(m_prefixLength);
    m_text += start;
    m_isRefusal = false;
    ++m_rewrites;
    Q_EMIT rewritten();
}
