// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

// Where a message stands among the messages that share its parent (its versions), oldest
// first: what the ‹ 2/3 › switcher shows.
struct BranchPosition
{
    QString messageId;
    int index = 0; // from 0
    int count = 1; // the message itself included
};
