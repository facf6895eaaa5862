// SPDX-License-Identifier: GPL-3.0-or-later
#include "recordedrequest.h"

#include <QJsonDocument>

QByteArray RecordedRequest::path() const
{
    const qsizetype query = target.indexOf('?');
    return query < 0 ? target : target.left(query);
}

QByteArray RecordedRequest::header(QByteArrayView name) const
{
    QByteArray joined;
    bool found = false;
    for (const auto &[headerName, value] : rawHeaders) {
        if (headerName.compare(name, Qt::CaseInsensitive) != 0)
            continue;
        if (found)
            joined += ", ";
        joined += value;
        found = true;
    }
    return joined;
}

bool RecordedRequest::hasHeader(QByteArrayView name) const
{
    for (const auto &header : rawHeaders) {
        if (header.first.compare(name, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

QMap<QByteArray, QByteArray> RecordedRequest::headers() const
{
    QMap<QByteArray, QByteArray> map;
    for (const auto &header : rawHeaders) {
        const QByteArray name = header.first.toLower();
        if (!map.contains(name))
            map.insert(name, this->header(name));
    }
    return map;
}

QJsonObject RecordedRequest::json() const
{
    return QJsonDocument::fromJson(body).object();
}
