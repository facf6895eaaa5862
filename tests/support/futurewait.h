// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "storageerror.h"

class ConversationStore;

#include <QFuture>
#include <QObject>
#include <QTest>

#include <memory>
#include <optional>

// Test helpers for the store's futures: the value, taken by a continuation on `context`'s
// thread (the test's) with the event loop running meanwhile; nullopt when it did not arrive
// within `ms`.
template<typename T> std::optional<T> take(QFuture<T> future, QObject *context, int ms = 30000)
{
    auto value = std::make_shared<std::optional<T>>();
    future.then(context, [value](const T &result) { *value = result; });
    if (!QTest::qWaitFor([&] { return value->has_value(); }, ms))
        return std::nullopt;
    return *value;
}

// Whether everything asked of `store` so far has been answered and its continuations on this
// thread have run: the store's worker answers in order, so a no-op sent now is a barrier.
bool drained(ConversationStore *store, QObject *context);

// Whether a write arrived and succeeded (its error is printed when it failed).
bool saved(QFuture<StorageError> future, QObject *context);
