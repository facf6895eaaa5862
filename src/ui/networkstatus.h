// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>

// Whether this machine is offline, as the system reports it (NetworkManager on Linux, the
// network list manager on Windows, SCNetworkReachability on macOS). Where the system says
// nothing (no backend, or it does not know), the machine counts as online: a request then
// fails on its own with a precise error, which is better than refusing to try.
class NetworkStatus : public QObject
{
    Q_OBJECT

public:
    explicit NetworkStatus(QObject *parent = nullptr);

    bool isOffline() const { return m_offline; }

Q_SIGNALS:
    void offlineChanged();

private:
    void update();

    bool m_offline = false;
};
