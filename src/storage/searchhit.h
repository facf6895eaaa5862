// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QMetaType>
#include <QString>

// One search result: a message (or a conversation's title) that matched.
struct SearchHit
{
    QString conversationId;
    QString messageId; // empty when the title matched
    QString title;
    QString snippet;          // the match marked with \x02 … \x03 (start and end of a highlight)
    double rank = 0;          // higher is better
    bool inReasoning = false; // the match is in the model's thinking, not its answer
};

Q_DECLARE_METATYPE(SearchHit)
