// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "openaijson.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QString>
#include <QStringList>

// Builds a text/event-stream body. Every method appends and returns *this:
//
//     SseBodyBuilder(SseBodyBuilder::LineEnding::CrLf).role().content(u"Hi"_s).keepAlive()
//         .finish(u"stop"_s).usage(9, 1).done().bytes();
//
// data() splits a payload with newlines into several data: lines; each event ends with a
// blank line. The OpenAI helpers write the chunks OpenAiJson builds.
class SseBodyBuilder
{
public:
    enum class LineEnding { Lf, CrLf, Cr };

    explicit SseBodyBuilder(LineEnding lineEnding = LineEnding::Lf);

    // One event per payload, nothing else.
    static QByteArray fromData(const QList<QByteArray> &payloads, LineEnding lineEnding = LineEnding::Lf);

    SseBodyBuilder &setLineEnding(LineEnding lineEnding);
    // "data: x" (the default, as OpenAI writes it) or "data:x".
    SseBodyBuilder &setSpaceAfterColon(bool space);

    SseBodyBuilder &data(QByteArrayView payload);
    SseBodyBuilder &event(QByteArrayView type, QByteArrayView payload); // an `event:` line, then data
    SseBodyBuilder &comment(QByteArrayView text);                       // ": text", no blank line
    SseBodyBuilder &keepAlive();                                        // ": keep-alive" and a blank line
    SseBodyBuilder &field(QByteArrayView name, QByteArrayView value);   // any line, e.g. id or retry
    SseBodyBuilder &blankLine();
    SseBodyBuilder &raw(QByteArrayView bytes);

    // OpenAI chat.completion.chunk events.
    SseBodyBuilder &role();
    SseBodyBuilder &content(const QString &text, int index = 0);
    SseBodyBuilder &refusal(const QString &text, int index = 0);
    SseBodyBuilder &reasoning(const QString &text,
                              const QString &field = QStringLiteral("reasoning_content"));
    SseBodyBuilder &finish(const QString &reason = QStringLiteral("stop"), int index = 0);
    SseBodyBuilder &usage(qint64 promptTokens, qint64 completionTokens, qint64 reasoningTokens = -1,
                          OpenAiJson::EmptyChoices choices = OpenAiJson::EmptyChoices::Array);
    SseBodyBuilder &error(const QString &message, const QString &type = {}, const QString &code = {});
    SseBodyBuilder &errorString(const QString &message);
    SseBodyBuilder &done(); // data: [DONE]
    // A whole reply: role, one chunk per delta, finish, a usage chunk, [DONE].
    SseBodyBuilder &reply(const QStringList &deltas, const QString &finishReason = QStringLiteral("stop"));

    QByteArray bytes() const { return m_bytes; }

private:
    void line(QByteArrayView text);

    QByteArray m_bytes;
    QByteArray m_newline;
    bool m_spaceAfterColon = true;
};
