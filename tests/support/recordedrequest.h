// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QPair>

#include <chrono>

// One HTTP request as the scripted server received it, for tests to assert on.
class RecordedRequest
{
public:
    QByteArray method;                               // "GET", "POST", …
    QByteArray target;                               // as sent, e.g. "/v1/models?limit=2"
    QByteArray version;                              // "HTTP/1.1"
    QList<QPair<QByteArray, QByteArray>> rawHeaders; // in arrival order, names as sent
    QByteArray body;
    std::chrono::steady_clock::time_point receivedAt; // when its last byte arrived
    int connectionId = 0;      // the TCP connection that carried it, numbered from 1 per server
    int indexOnConnection = 0; // 0 for the first request on its connection

    // The target without its query string.
    QByteArray path() const;

    // Header lookup ignores case; several headers of one name are joined with ", ".
    QByteArray header(QByteArrayView name) const;
    bool hasHeader(QByteArrayView name) const;
    QMap<QByteArray, QByteArray> headers() const; // lower-cased names

    // The body as a JSON object, or an empty object when it is not one.
    QJsonObject json() const;
};
