// SPDX-License-Identifier: GPL-3.0-or-later
#include "conversationsections.h"

#include <QCoreApplication>
#include <QLocale>

QString ConversationSections::sectionFor(bool pinned, const QDateTime &updatedAt, QDate today)
{
    if (pinned)
        return QCoreApplication::translate("ConversationListModel", "Pinned");
    const QDate day = updatedAt.toLocalTime().date();
    const qint64 age = day.daysTo(today);
    // A time ahead of ours (another machine's clock) is today, not a month of the future.
    if (age <= 0 || !day.isValid())
        return QCoreApplication::translate("ConversationListModel", "Today");
    if (age == 1)
        return QCoreApplication::translate("ConversationListModel", "Yesterday");
    if (age <= 7)
        return QCoreApplication::translate("ConversationListModel", "Previous 7 days");
    if (age <= 30)
        return QCoreApplication::translate("ConversationListModel", "Previous 30 days");
    // The year as plain digits ("2026", never "2,026"); translators may reorder the two.
    return QCoreApplication::translate("ConversationListModel", "%1 %2", "a month's heading: month, year")
        .arg(QLocale().standaloneMonthName(day.month()), QString::number(day.year()));
}
