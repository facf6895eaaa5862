// SPDX-License-Identifier: GPL-3.0-or-later
#include "networkstatus.h"

#include "uilogging.h"

#include <QNetworkInformation>

NetworkStatus::NetworkStatus(QObject *parent)
    : QObject(parent)
{
    if (!QNetworkInformation::loadBackendByFeatures(QNetworkInformation::Feature::Reachability)) {
        qCDebug(lcUi) << "the system does not report whether it is online";
        return;
    }
    connect(QNetworkInformation::instance(), &QNetworkInformation::reachabilityChanged, this,
            &NetworkStatus::update);
    update();
}

void NetworkStatus::update()
{
    const QNetworkInformation *information = QNetworkInformation::instance();
    const bool offline =
        information && information->reachability() == QNetworkInformation::Reachability::Disconnected;
    if (offline == m_offline)
        return;
    m_offline = offline;
    Q_EMIT offlineChanged();
}
