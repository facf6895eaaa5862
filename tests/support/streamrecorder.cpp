// SPDX-License-Identifier: GPL-3.0-or-later
#include "streamrecorder.h"

#include <QMetaEnum>

using namespace Qt::StringLiterals;

StreamRecorder::StreamRecorder(ChatStream *stream, QObject *parent)
    : QObject(parent)
{
    const auto now = [] {
        return std::chrono::steady_clock::now();
    };
    connect(stream, &ChatStream::started, this, [this] {
        ++startedCount;
        if (startedCount > 1)
            m_violations.append(u"started emitted %1 times"_s.arg(startedCount));
        record(u"started"_s);
    });
    connect(stream, &ChatStream::reasoningDelta, this, [this](const QString &delta) {
        if (startedCount == 0)
            m_violations.append(u"reasoningDelta before started"_s);
        reasoningDeltas.append(delta);
        record(u"reasoning:"_s + delta);
    });
    connect(stream, &ChatStream::contentDelta, this, [this, now](const QString &delta) {
        if (contentDeltas.isEmpty())
            firstContentAt = now();
        if (startedCount == 0)
            m_violations.append(u"contentDelta before started"_s);
        contentDeltas.append(delta);
        record(u"content:"_s + delta);
    });
    connect(stream, &ChatStream::refusalDelta, this, [this](const QString &delta) {
        if (startedCount == 0)
            m_violations.append(u"refusalDelta before started"_s);
        refusalDeltas.append(delta);
        record(u"refusal:"_s + delta);
    });
    connect(stream, &ChatStream::finishReasonReceived, this,
            [this](const QString &reason) { record(u"finish:"_s + reason); });
    connect(stream, &ChatStream::usageReceived, this, [this](const TokenUsage &usage) {
        usages.append(usage);
        record(u"usage"_s);
    });
    connect(stream, &ChatStream::retrying, this,
            [this, now](int attempt, std::chrono::milliseconds delay, const ProviderError &cause) {
                if (!reasoningDeltas.isEmpty() || !contentDeltas.isEmpty() || !refusalDeltas.isEmpty())
                    m_violations.append(u"retrying after the first token"_s);
                retries.append(Retry{attempt, delay, cause, now()});
                record(u"retrying:%1"_s.arg(attempt));
            });
    connect(stream, &ChatStream::failed, this, [this, now](const ProviderError &error) {
        if (!failures.isEmpty())
            m_violations.append(u"failed emitted twice"_s);
        failures.append(error);
        failedAt = now();
        record(u"failed:"_s +
               QString::fromLatin1(QMetaEnum::fromType<ProviderError::Kind>().valueToKey(int(error.kind))));
    });
    connect(stream, &ChatStream::done, this, [this, stream, now] {
        ++doneCount;
        if (doneCount > 1)
            m_violations.append(u"done emitted %1 times"_s.arg(doneCount));
        stateAtDone = stream->state();
        if (stream->isActive())
            m_violations.append(u"done while the stream is still active"_s);
        doneAt = now();
        record(u"done"_s);
    });
}

void StreamRecorder::record(const QString &event)
{
    if (doneCount > 0 && event != u"done"_s)
        m_violations.append(u"'%1' after done"_s.arg(event));
    events.append(event);
}
