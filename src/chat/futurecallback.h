// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QFuture>
#include <QFutureWatcher>
#include <QObject>

#include <type_traits>
#include <utility>

// Calls `callback` with the future's result on `context`'s thread once it resolves, unless
// `context` is gone by then. QFuture::then(context, …) asserts on Qt 6.4 when the context is
// deleted first (fixed in 6.5), and a model or controller may well go before the store does.
template<typename T, typename Callback>
void onFinished(const QFuture<T> &future, QObject *context, Callback &&callback)
{
    auto *watcher = new QFutureWatcher<T>(context);
    QObject::connect(watcher, &QFutureWatcherBase::finished, context,
                     [watcher, callback = std::forward<Callback>(callback)]() mutable {
                         watcher->deleteLater();
                         if constexpr (std::is_void_v<T>)
                             callback();
                         else
                             callback(watcher->result());
                     });
    watcher->setFuture(future);
}
