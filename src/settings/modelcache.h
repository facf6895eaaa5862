// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "cachedmodels.h"

#include <QFuture>
#include <QObject>
#include <QString>
#include <QThreadPool>

#include <optional>

// The models fetched from each profile's server, kept for when it cannot be reached: one small
// JSON file per profile in Confab's cache folder (shared by both executables; never the
// keychain, never a secret). Files are read and written on a worker thread, one at a time, in
// the order asked; the futures resolve with the result.
class ModelCache : public QObject
{
    Q_OBJECT

public:
    // `directory`: where the files go (default: defaultDirectory()).
    explicit ModelCache(const QString &directory = defaultDirectory(), QObject *parent = nullptr);
    ~ModelCache() override; // finishes the writes asked for

    // <GenericCacheLocation>/Confab/models (~/.cache/Confab/models on Linux).
    static QString defaultDirectory();
    QString directory() const { return m_directory; }

    // Keeps `models` as what `profileName`'s server at `baseUrl` lists now. Resolves to an
    // error message, empty on success.
    QFuture<QString> store(const QString &profileName, const QUrl &baseUrl, const QStringList &models);
    // What was kept for the profile, if it came from `baseUrl` (a profile pointed elsewhere
    // since has no list yet).
    QFuture<std::optional<CachedModels>> load(const QString &profileName, const QUrl &baseUrl);
    // Forgets the profile's list (when the profile is removed).
    QFuture<void> remove(const QString &profileName);

private:
    QString fileFor(const QString &profileName) const;

    QString m_directory;
    QThreadPool m_pool;
};
