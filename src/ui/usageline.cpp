// SPDX-License-Identifier: GPL-3.0-or-later
#include "usageline.h"

#include <QStringList>

using namespace Qt::StringLiterals;

QString UsageLine::of(const MessageRecord &message)
{
    QStringList pieces;
    QString tokens;
    if (message.promptTokens && message.completionTokens)
        tokens = u"%1 prompt + %2 reply tokens"_s.arg(*message.promptTokens).arg(*message.completionTokens);
    else if (message.completionTokens)
        tokens = u"%1 reply tokens"_s.arg(*message.completionTokens);
    else if (message.promptTokens)
        tokens = u"%1 prompt tokens"_s.arg(*message.promptTokens);
    if (message.reasoningTokens && *message.reasoningTokens > 0)
        tokens += tokens.isEmpty() ? u"%1 reasoning tokens"_s.arg(*message.reasoningTokens)
                                   : u" (%1 reasoning)"_s.arg(*message.reasoningTokens);
    if (!tokens.isEmpty())
        pieces.append(tokens);
    if (message.firstTokenMs)
        pieces.append(u"first token in %1"_s.arg(duration(*message.firstTokenMs)));
    if (message.tokensPerSecond && *message.tokensPerSecond > 0) {
        const double rate = *message.tokensPerSecond;
        pieces.append(
            u"%1 tokens/s"_s.arg(rate < 10 ? QString::number(rate, 'f', 1) : QString::number(qRound(rate))));
    }
    return pieces.join(u" \u00b7 "_s);
}

QString UsageLine::duration(qint64 ms)
{
    if (ms < 1000)
        return u"%1 ms"_s.arg(ms);
    if (ms < 10000)
        return u"%1 s"_s.arg(QString::number(double(ms) / 1000.0, 'f', 1));
    const qint64 seconds = (ms + 500) / 1000;
    if (seconds < 60)
        return u"%1 s"_s.arg(seconds);
    return u"%1 min %2 s"_s.arg(seconds / 60).arg(seconds % 60);
}
