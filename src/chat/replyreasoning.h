// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "messagepart.h"

#include <QElapsedTimer>
#include <QList>
#include <QObject>
#include <QString>

#include <optional>

class ChatStream;

// The one copy, on the chat side, of a reply's thinking while it streams, kept apart from its
// text (ReplyText), and how long the model thought as the client saw it: from the first
// reasoning delta to the first delta of the answer, or to the end of the stream. Thinking that
// resumes after the answer began (interleaved blocks) adds its time to the same duration.
class ReplyReasoning : public QObject
{
    Q_OBJECT

public:
    // `prefix`: the thinking a continued reply had; its duration, `prefixMs`.
    explicit ReplyReasoning(ChatStream *stream, QString prefix = {}, std::optional<qint64> prefixMs = {},
                            QObject *parent = nullptr);

    const QString &text() const { return m_text; }
    bool isThinking() const { return m_thinking.isValid(); }
    // How long the model thought, the running period included; unset when it did not think.
    std::optional<qint64> durationMs() const;

    // The reasoning parts of the reply, in order: the thinking (with its duration and, from
    // Anthropic, its signature), then one part per redacted block. `stream` may be null (gone).
    QList<MessagePart> parts(const ChatStream *stream) const;

Q_SIGNALS:
    // `delta` joined the end of text().
    void appended(const QString &delta);
    // The thinking stopped (the answer began, or the stream ended) after `durationMs` in all.
    void ended(qint64 durationMs);

private:
    void onReasoning(const QString &delta);
    void stop();

    QString m_text;
    qsizetype m_prefixLength;
    QElapsedTimer m_thinking; // valid while the model thinks
    qint64 m_doneMs = 0;      // the periods of thinking that are over
    bool m_thought = false;   // some thinking came (or the reply had some)
};
