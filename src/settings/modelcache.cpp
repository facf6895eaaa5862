// SPDX-License-Identifier: GPL-3.0-or-later
#include "modelcache.h"

#include "privatefiles.h"
#include "settingslogging.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPromise>
#include <QSaveFile>
#include <QStandardPaths>

#include <memory>

using namespace Qt::StringLiterals;

namespace {

// Runs `work` on `pool` and resolves the future with what it returns.
template<typename T, typename Work> QFuture<T> runOn(QThreadPool &pool, Work work)
{
    auto promise = std::make_shared<QPromise<T>>();
    QFuture<T> future = promise->future();
    promise->start();
    pool.start([promise, work = std::move(work)]() mutable {
        if constexpr (std::is_void_v<T>) {
            work();
        } else {
            promise->addResult(work());
        }
        promise->finish();
    });
    return future;
}

} // namespace

ModelCache::ModelCache(const QString &directory, QObject *parent)
    : QObject(parent)
    , m_directory(directory)
{
    // One at a time: a later store() for a profile must land after an earlier one.
    m_pool.setMaxThreadCount(1);
}

ModelCache::~ModelCache()
{
    m_pool.waitForDone();
}

QString ModelCache::defaultDirectory()
{
    return QDir(QStandardPaths::writableLocation(QStandardPaths::GenericCacheLocation))
        .filePath(u"Confab/models"_s);
}

QString ModelCache::fileFor(const QString &profileName) const
{
    // Profile names are letters, digits, '.', '_' and '-' (ProfileValidation), compared without case.
    return QDir(m_directory).filePath(profileName.trimmed().toLower() + u".json"_s);
}

QFuture<QString> ModelCache::store(const QString &profileName, const QUrl &baseUrl, const QStringList &models)
{
    const QString path = fileFor(profileName);
    const QString directory = m_directory;
    QJsonObject json{{u"baseUrl"_s, baseUrl.toString()},
                     {u"fetchedAt"_s, QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs)},
                     {u"models"_s, QJsonArray::fromStringList(models)}};
    return runOn<QString>(m_pool, [path, directory, json]() -> QString {
        // Made 0600 in a 0700 folder first: QSaveFile then writes a 0600 copy and keeps the mode.
        if (!PrivateFiles::makeFolder(directory) || !PrivateFiles::makeFile(path))
            return u"cannot create %1"_s.arg(QDir::toNativeSeparators(path));
        QSaveFile file(path);
        if (!file.open(QIODevice::WriteOnly) || file.write(QJsonDocument(json).toJson()) < 0 ||
            !file.commit()) {
            qCWarning(lcSettings) << "cannot write the model cache" << path << file.errorString();
            return u"cannot write %1: %2"_s.arg(QDir::toNativeSeparators(path), file.errorString());
        }
        return {};
    });
}

QFuture<std::optional<CachedModels>> ModelCache::load(const QString &profileName, const QUrl &baseUrl)
{
    const QString path = fileFor(profileName);
    return runOn<std::optional<CachedModels>>(m_pool, [path, baseUrl]() -> std::optional<CachedModels> {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            return std::nullopt;
        const QJsonObject json = QJsonDocument::fromJson(file.readAll()).object();
        CachedModels cached;
        cached.baseUrl = QUrl(json.value(u"baseUrl"_s).toString());
        if (cached.baseUrl.adjusted(QUrl::StripTrailingSlash) != baseUrl.adjusted(QUrl::StripTrailingSlash))
            return std::nullopt;
        cached.fetchedAt = QDateTime::fromString(json.value(u"fetchedAt"_s).toString(), Qt::ISODateWithMs);
        for (const QJsonValue &model : json.value(u"models"_s).toArray()) {
            if (model.isString())
                cached.models.append(model.toString());
        }
        return cached;
    });
}

QFuture<void> ModelCache::remove(const QString &profileName)
{
    const QString path = fileFor(profileName);
    return runOn<void>(m_pool, [path] { QFile::remove(path); });
}
