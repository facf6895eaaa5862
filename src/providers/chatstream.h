// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "providererror.h"
#include "tokenusage.h"

#include <QObject>
#include <QString>
#include <QStringList>

#include <chrono>
#include <optional>

// One streamed reply. Signals come in this order: started (once per reply, after the
// response headers were accepted), then any number of reasoningDelta / contentDelta /
// refusalDelta,
// finishReasonReceived and usageReceived, then either failed or nothing, then done, exactly
// once, last. Before the first token the stream may emit retrying() and start over.
class ChatStream : public QObject
{
    Q_OBJECT

public:
    enum class State { Connecting, Streaming, Completed, Failed, Cancelled };
    Q_ENUM(State)

    using QObject::QObject;

    State state() const { return m_state; }
    bool isActive() const { return m_state == State::Connecting || m_state == State::Streaming; }

    QString text() const { return m_text; }       // the content received so far
    QString refusal() const { return m_refusal; } // the refusal text received so far
    // The model's thinking received so far, apart from the answer: `reasoning_content`,
    // `reasoning`, a leading <think>…</think>, Anthropic's thinking blocks, Gemini's thoughts.
    QString reasoning() const { return m_reasoning; }
    // Anthropic: the signature of the thinking, and the redacted blocks' data, to send back
    // unchanged when a tool loop continues.
    QString reasoningSignature() const { return m_reasoningSignature; }
    QStringList redactedReasoning() const { return m_redactedReasoning; }
    QString finishReason() const { return m_finishReason; }
    QString model() const { return m_model; } // the model the server says answered
    std::optional<TokenUsage> usage() const { return m_usage; }
    std::optional<ProviderError> error() const { return m_error; }

    // Aborts at once. What arrived is kept; done() follows, failed() does not.
    virtual void cancel() = 0;

Q_SIGNALS:
    void started();
    void reasoningDelta(const QString &delta);
    void contentDelta(const QString &delta);
    void refusalDelta(const QString &delta);
    void finishReasonReceived(const QString &reason);
    void usageReceived(const TokenUsage &usage);
    void retrying(int attempt, std::chrono::milliseconds delay, const ProviderError &cause);
    void failed(const ProviderError &error);
    void done();

protected:
    State m_state = State::Connecting;
    QString m_text;
    QString m_refusal;
    QString m_reasoning;
    QString m_reasoningSignature;
    QStringList m_redactedReasoning;
    QString m_finishReason;
    QString m_model;
    std::optional<TokenUsage> m_usage;
    std::optional<ProviderError> m_error;
};
