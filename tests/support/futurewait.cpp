// SPDX-License-Identifier: GPL-3.0-or-later
#include "futurewait.h"

#include "conversationstore.h"

#include <QDebug>

bool saved(QFuture<StorageError> future, QObject *context)
{
    const std::optional<StorageError> error = take(std::move(future), context);
    if (error && error->isError())
        qWarning() << error->message << error->detail;
    return error && !error->isError();
}

bool drained(ConversationStore *store, QObject *context)
{
    return saved(store->runOnStorageThread([](Database &) { return StorageError{}; }), context);
}
