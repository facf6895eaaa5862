// SPDX-License-Identifier: GPL-3.0-or-later
#include "databasesetting.h"

#include "privatesettings.h"

#include <QSettings>
#include <QUrl>

namespace {
const QString key = QStringLiteral("storage/database");

PrivateSettings shared()
{
    return PrivateSettings(QStringLiteral("Confab"), QStringLiteral("Confab"));
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
    PrivateSettings settings = shared();
    if (value.isEmpty())
        settings.remove(key);
    else
        settings.setValue(key, value);
}
