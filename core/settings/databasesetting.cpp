// SPDX-License-Identifier: GPL-3.0-or-later
#include "databasesetting.h"

#include <QSettings>
#include <QUrl>

namespace {
const QString key = QStringLiteral("storage/database");

QSettings shared()
{
    return QSettings(QSettings::UserScope, QStringLiteral("Confab"), QStringLiteral("Confab"));
}
} // namespace

QString DatabaseSetting::read()
{
    return shared().value(key).toString();
}

void DatabaseSetting::write(const QString &urlOrPath)
{
    QString value = urlOrPath.trimmed();
    if (value.startsWith(u"postgres", Qt::CaseInsensitive)) {
        QUrl url(value);
        url.setPassword({});
        value = url.toString();
    }
    QSettings settings = shared();
    if (value.isEmpty())
        settings.remove(key);
    else
        settings.setValue(key, value);
}
