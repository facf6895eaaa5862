// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

// An error's message (a clause, lower-case, no full stop) as a sentence of its own, for a
// status line that goes on after it.
inline QString asSentence(QString text)
{
    text = text.trimmed();
    if (!text.isEmpty())
        text[0] = text[0].toUpper();
    if (!text.isEmpty() && !text.endsWith(u'.') && !text.endsWith(u'!') && !text.endsWith(u'?'))
        text += u'.';
    return text;
}
