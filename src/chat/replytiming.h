// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QElapsedTimer>
#include <QObject>

#include <optional>

class ChatStream;
struct MessageRecord;

// What the client measures of a reply, for its usage line: the time from the request leaving
// (this object is made with the stream, as the request goes) to the first token, thinking or
// answer, and the time from the first token to the last, over which the tokens the server
// counted give the reply's speed.
class ReplyTiming : public QObject
{
    Q_OBJECT

public:
    explicit ReplyTiming(ChatStream *stream, QObject *parent = nullptr);

    std::optional<qint64> firstTokenMs() const { return m_firstTokenMs; }
    // `completionTokens` over the time from the first token to the last; unset without a count
    // or without time between them (a guess would be worse than nothing).
    std::optional<double> tokensPerSecond(std::optional<qint64> completionTokens) const;

    // Sets the message's firstTokenMs and tokensPerSecond (from its completionTokens).
    void applyTo(MessageRecord &message) const;

private:
    void onToken();

    QElapsedTimer m_clock;
    std::optional<qint64> m_firstTokenMs;
    qint64 m_lastTokenMs = 0;
};
