// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "providererror.h"

#include <QObject>
#include <QStringList>

// The answer to a request for the server's models: exactly one of finished or failed.
class ModelListReply : public QObject
{
    Q_OBJECT

public:
    using QObject::QObject;

    virtual void abort() = 0;

Q_SIGNALS:
    void finished(const QStringList &modelIds); // sorted
    void failed(const ProviderError &error);
};
