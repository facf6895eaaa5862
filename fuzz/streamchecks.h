// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "chatstreamevent.h"
#include "fuzzcheck.h"

#include <QString>

// What every wire format's decodeEvent() must hold to, whatever the server sent.
namespace StreamChecks {

inline void checkEvent(const ChatStreamEvent &out)
{
    using Kind = ChatStreamEvent::Kind;
    FuzzCheck::check((out.kind == Kind::Error) == out.error.has_value(),
                     "an error event without an error, or an error on another event");
    if (out.kind != Kind::Update) {
        FuzzCheck::check(out.content.isEmpty() && out.reasoning.isEmpty() &&
                             out.reasoningSignature.isEmpty() && out.redactedReasoning.isEmpty() &&
                             out.refusal.isEmpty() && out.finishReason.isEmpty() && out.model.isEmpty() &&
                             !out.usage,
                         "an event that is not an update carries reply fields");
    }
    if (out.error) {
        const QString message = out.error->message();
        FuzzCheck::check(!message.isEmpty() && !out.error->hint().isEmpty(), "an error without words");
        FuzzCheck::check(!message.contains(u'\n') && !message.contains(u'\r'),
                         "an error message of several lines");
        FuzzCheck::check(message.size() <= 1000, "an error message without bound");
    }
    if (out.usage) {
        const TokenUsage &usage = *out.usage;
        FuzzCheck::check(usage.promptTokens >= 0 && usage.completionTokens >= 0 && usage.totalTokens >= 0 &&
                             usage.reasoningTokens >= 0,
                         "a token count below zero");
    }
}

// An event as text, to compare two decodings of the same stream.
inline QString describe(const ChatStreamEvent &out)
{
    QString text = QString::number(int(out.kind)) + u'|' + out.reasoning + u'|' + out.reasoningSignature +
                   u'|' + out.redactedReasoning + u'|' + out.content + u'|' + out.refusal + u'|' +
                   out.finishReason + u'|' + out.model;
    if (out.usage) {
        text += QStringLiteral("|%1,%2,%3,%4")
                    .arg(out.usage->promptTokens)
                    .arg(out.usage->completionTokens)
                    .arg(out.usage->totalTokens)
                    .arg(out.usage->reasoningTokens);
    }
    if (out.error)
        text += u'|' + out.error->message();
    return text;
}

} // namespace StreamChecks
