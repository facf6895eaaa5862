// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDate>
#include <QDateTime>
#include <QString>

// The sidebar's headings: "Pinned", then by how long ago a conversation was last updated, in
// local days: "Today", "Yesterday", "Previous 7 days", "Previous 30 days", then one per month.
class ConversationSections
{
public:
    // `today` is the local date now.
    static QString sectionFor(bool pinned, const QDateTime &updatedAt, QDate today);
};
