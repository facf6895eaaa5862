// SPDX-License-Identifier: GPL-3.0-or-later
#include "conversationtitle.h"

QString ConversationTitle::fromPrompt(const QString &prompt)
{
    const QString words = prompt.simplified();
    if (words.size() <= maxLength)
        return words;
    qsizetype end = words.lastIndexOf(u' ', maxLength);
    if (end <= 0)
        end = maxLength;
    if (words.at(end - 1).isHighSurrogate())
        --end;
    return words.left(end) + u'…';
}
