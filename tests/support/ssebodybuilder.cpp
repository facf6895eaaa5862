// SPDX-License-Identifier: GPL-3.0-or-later
#include "ssebodybuilder.h"

SseBodyBuilder::SseBodyBuilder(LineEnding lineEnding)
{
    setLineEnding(lineEnding);
}

QByteArray SseBodyBuilder::fromData(const QList<QByteArray> &payloads, LineEnding lineEnding)
{
    SseBodyBuilder builder(lineEnding);
    for (const QByteArray &payload : payloads)
        builder.data(payload);
    return builder.bytes();
}

SseBodyBuilder &SseBodyBuilder::setLineEnding(LineEnding lineEnding)
{
    switch (lineEnding) {
    case LineEnding::Lf:
        m_newline = "\n";
        break;
    case LineEnding::CrLf:
        m_newline = "\r\n";
        break;
    case LineEnding::Cr:
        m_newline = "\r";
        break;
    }
    return *this;
}

SseBodyBuilder &SseBodyBuilder::setSpaceAfterColon(bool space)
{
    m_spaceAfterColon = space;
    return *this;
}

SseBodyBuilder &SseBodyBuilder::data(QByteArrayView payload)
{
    // A payload without newlines is one line; split() of an empty payload still yields one.
    for (const QByteArray &part : payload.toByteArray().split('\n'))
        field("data", part);
    return blankLine();
}

SseBodyBuilder &SseBodyBuilder::event(QByteArrayView type, QByteArrayView payload)
{
    field("event", type);
    return data(payload);
}

SseBodyBuilder &SseBodyBuilder::comment(QByteArrayView text)
{
    QByteArray commentLine(":");
    if (!text.isEmpty())
        commentLine += ' ' + text.toByteArray();
    line(commentLine);
    return *this;
}

SseBodyBuilder &SseBodyBuilder::keepAlive()
{
    comment("keep-alive");
    return blankLine();
}

SseBodyBuilder &SseBodyBuilder::field(QByteArrayView name, QByteArrayView value)
{
    line(name.toByteArray() + (m_spaceAfterColon ? ": " : ":") + value.toByteArray());
    return *this;
}

SseBodyBuilder &SseBodyBuilder::blankLine()
{
    line({});
    return *this;
}

SseBodyBuilder &SseBodyBuilder::raw(QByteArrayView bytes)
{
    m_bytes += bytes;
    return *this;
}

SseBodyBuilder &SseBodyBuilder::role()
{
    return data(OpenAiJson::roleChunk());
}

SseBodyBuilder &SseBodyBuilder::content(const QString &text, int index)
{
    return data(OpenAiJson::contentChunk(text, index));
}

SseBodyBuilder &SseBodyBuilder::reasoning(const QString &text, const QString &field)
{
    return data(OpenAiJson::reasoningChunk(text, field));
}

SseBodyBuilder &SseBodyBuilder::refusal(const QString &text, int index)
{
    return data(OpenAiJson::refusalChunk(text, index));
}

SseBodyBuilder &SseBodyBuilder::finish(const QString &reason, int index)
{
    return data(OpenAiJson::finishChunk(reason, index));
}

SseBodyBuilder &SseBodyBuilder::usage(qint64 promptTokens, qint64 completionTokens, qint64 reasoningTokens,
                                      OpenAiJson::EmptyChoices choices)
{
    return data(OpenAiJson::usageChunk(promptTokens, completionTokens, reasoningTokens, choices));
}

SseBodyBuilder &SseBodyBuilder::error(const QString &message, const QString &type, const QString &code)
{
    return data(OpenAiJson::error(message, type, code));
}

SseBodyBuilder &SseBodyBuilder::errorString(const QString &message)
{
    return data(OpenAiJson::errorString(message));
}

SseBodyBuilder &SseBodyBuilder::done()
{
    return data("[DONE]");
}

SseBodyBuilder &SseBodyBuilder::reply(const QStringList &deltas, const QString &finishReason)
{
    role();
    qint64 completionTokens = 0;
    for (const QString &delta : deltas) {
        content(delta);
        ++completionTokens;
    }
    finish(finishReason);
    usage(12, completionTokens);
    return done();
}

void SseBodyBuilder::line(QByteArrayView text)
{
    m_bytes += text;
    m_bytes += m_newline;
}
