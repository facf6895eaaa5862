// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

// The title a new conversation gets before anyone names it: the first message's first words.
class ConversationTitle
{
public:
    static constexpr qsizetype maxLength = 60;

    // The prompt's words, cut at the last word boundary within maxLength characters (a single
    // long word is cut where it must be), with an ellipsis when something was left out.
    static QString fromPrompt(const QString &prompt);
};
