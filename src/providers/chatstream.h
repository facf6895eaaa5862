// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "providererror.h"
#include "tokenusage.h"

#include <QObject>
#include <QString>

#include <chrono>
#include <optional>

// One streamed reply. Signals come in this order: started (once per reply, after the
// response headers were accepted), then any number of contentDelta / refusalDelta,
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
    QString finishReason() const { return m_finishReason; }
    QString model() const { return m_model; }     // the model the server says answered
    std::optional<TokenUsage> usage() const { return m_usage; }
    std::optional<ProviderError> error() const { return m_error; }

    // Aborts at once. What arrived is kept; done() follows, failed() does not.
    virtual void cancel() = 0;

Q_SIGNALS:
    void started();
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
    QString m_finishReason;
    QString m_model;
    std::optional<TokenUsage> m_usage;
    std::optional<ProviderError> m_error;
};
