// SPDX-License-Identifier: GPL-3.0-or-later
#include "recoverynotice.h"

#include "privatefiles.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

using namespace Qt::StringLiterals;

QString RecoveryNotice::message() const
{
    return QCoreApplication::translate(
               "RecoveryNotice", "The history database %1 was damaged. Confab saved what it could still "
                                 "read (conversations: %2, messages: %3) into a new %1 and kept the "
                                 "damaged file as %4.")
        .arg(QDir::toNativeSeparators(databasePath))
        .arg(conversations)
        .arg(messages)
        .arg(QDir::toNativeSeparators(damagedPath));
}

QString RecoveryNotice::fileFor(const QString &databasePath)
{
    return databasePath + u".recovery"_s;
}

std::optional<RecoveryNotice> RecoveryNotice::read(const QString &databasePath)
{
    QFile file(fileFor(databasePath));
    if (!file.open(QIODevice::ReadOnly))
        return std::nullopt;
    const QJsonObject json = QJsonDocument::fromJson(file.read(64 * 1024)).object();
    RecoveryNotice notice;
    notice.databasePath = databasePath;
    notice.damagedPath = json.value(u"damaged"_s).toString();
    notice.conversations = json.value(u"conversations"_s).toInt();
    notice.messages = json.value(u"messages"_s).toInt();
    notice.at = qint64(json.value(u"at"_s).toDouble());
    if (notice.damagedPath.isEmpty()) // not ours, or cut short: still worth a word
        notice.damagedPath = QCoreApplication::translate("RecoveryNotice", "(unknown)");
    return notice;
}

bool RecoveryNotice::write() const
{
    const QString path = fileFor(databasePath);
    if (!PrivateFiles::makeFile(path))
        return false;
    const QJsonObject json{{u"damaged"_s, damagedPath},
                           {u"conversations"_s, conversations},
                           {u"messages"_s, messages},
                           {u"at"_s, double(at)}};
    QSaveFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(QJsonDocument(json).toJson()) >= 0 && file.commit();
}

bool RecoveryNotice::dismiss(const QString &databasePath)
{
    const QString path = fileFor(databasePath);
    return !QFile::exists(path) || QFile::remove(path);
}
