// SPDX-License-Identifier: GPL-3.0-or-later
#include "offlineqmlnetwork.h"

#include "uilogging.h"

#include <QNetworkAccessManager>
#include <QNetworkRequest>

namespace {

// Answers every request at once with an error, without any I/O.
class RefusingAccessManager : public QNetworkAccessManager
{
public:
    using QNetworkAccessManager::QNetworkAccessManager;

protected:
    QNetworkReply *createRequest(Operation operation, const QNetworkRequest &request,
                                 QIODevice *data) override
    {
        qCDebug(lcUi) << "the window's QML asked for a network resource; refused:" << request.url().scheme()
                      << request.url().host();
        // A URL without a scheme: Qt replies ProtocolUnknownError from the event loop, having
        // opened nothing.
        return QNetworkAccessManager::createRequest(operation, QNetworkRequest(QUrl()), data);
    }
};

} // namespace

QNetworkAccessManager *OfflineQmlNetwork::create(QObject *parent)
{
    return new RefusingAccessManager(parent);
}
