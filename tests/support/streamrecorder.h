// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "chatstream.h"
#include "providererror.h"
#include "tokenusage.h"

#include <QList>
#include <QObject>
#include <QStringList>

#include <chrono>

// Records every signal of one ChatStream, in order, and checks the contract it promises as
// they come: started at most once and before any delta, failed at most once, done exactly
// once and last, with the stream in a final state by then.
class StreamRecorder : public QObject
{
    Q_OBJECT

public:
    struct Retry
    {
        int attempt = 0;
        std::chrono::milliseconds delay{0};
        ProviderError cause;
        std::chrono::steady_clock::time_point at;
    };

    explicit StreamRecorder(ChatStream *stream, QObject *parent = nullptr);

    // "started", "reasoning:<text>", "content:<text>", "refusal:<text>", "finish:<reason>", "usage",
    // "retrying:<attempt>", "failed:<kind>", "done".
    QStringList events;
    QStringList reasoningDeltas;
    QStringList contentDeltas;
    QStringList refusalDeltas;
    QList<TokenUsage> usages;
    QList<Retry> retries;
    QList<ProviderError> failures;
    int startedCount = 0;
    int doneCount = 0;
    ChatStream::State stateAtDone = ChatStream::State::Connecting;
    std::chrono::steady_clock::time_point firstContentAt;
    std::chrono::steady_clock::time_point failedAt;
    std::chrono::steady_clock::time_point doneAt;

    bool isDone() const { return doneCount > 0; }
    ProviderError failure() const { return failures.value(0); }
    // Empty while the stream kept its contract, otherwise what it broke.
    QStringList violations() const { return m_violations; }

private:
    void record(const QString &event);

    QStringList m_violations;
};
