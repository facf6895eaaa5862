// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QFuture>
#include <QPromise>

// A future that already holds `value` (QtFuture::makeReadyFuture is deprecated from Qt 6.6,
// and its replacement is not in 6.4).
template<typename T> QFuture<T> readyFuture(T value)
{
    QPromise<T> promise;
    promise.start();
    promise.addResult(std::move(value));
    promise.finish();
    return promise.future();
}
