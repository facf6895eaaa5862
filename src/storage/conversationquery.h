// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDateTime>
#include <QString>

// A page of the conversation list: pinned first, then the most recently updated. Pages are
// keyset-paged: `after*` are the sort key of the last row of the previous page.
struct ConversationQuery
{
    enum class Archived { Hidden, Only, Included };

    Archived archived = Archived::Hidden;
    int limit = 50;
    bool afterSet = false;
    bool afterPinned = false;
    QDateTime afterUpdatedAt;
    QString afterId;
};
