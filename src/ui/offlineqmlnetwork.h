// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QQmlNetworkAccessManagerFactory>

// The network access managers of the window's QML engine: they refuse every request. The window
// needs none (its QML and icons are read from the executable and the disk, which the engine does
// without one), and text that came from outside and slipped into rich text (an <img src> in a
// Label's Text.AutoText) must not reach any server: a second wall behind PlainLabel. The app's
// own requests (the providers) use their own QNetworkAccessManager, not the engine's.
class OfflineQmlNetwork : public QQmlNetworkAccessManagerFactory
{
public:
    // Called by the engine, possibly on another thread: holds no state.
    QNetworkAccessManager *create(QObject *parent) override;
};
