// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDateTime>
#include <QStringList>
#include <QUrl>

// The models a profile's server listed the last time it was asked.
struct CachedModels
{
    QUrl baseUrl;        // the server that listed them
    QDateTime fetchedAt; // UTC
    QStringList models;
};
