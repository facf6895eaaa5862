// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "futurecallback.h"
#include "storageerror.h"
#include "storageresult.h"

#include <QAbstractListModel>
#include <QFuture>
#include <QList>
#include <QtQml/qqmlregistration.h>

#include <utility>

// What the paged lists share (conversations, messages, search hits): pages read from the store one
// at a time, fetchMore() asking for the next until a short page ends the list or a page fails, and
// the answers to a list since replaced (startOver()) dropped. A subclass says how to ask for its
// next page (fetchNextPage()) and what its rows are; it changes only on the GUI thread, which
// never waits: a page is a future answered on this object's thread.
class PagedListModel : public QAbstractListModel
{
    Q_OBJECT
    QML_ANONYMOUS

public:
    // One page at a time, none after the end or a failed one, and only when the subclass is ready.
    bool canFetchMore(const QModelIndex &parent) const final;
    void fetchMore(const QModelIndex &parent) final;

    // A page is on its way: the list's first one, or one after those read.
    bool loading() const { return m_pending != Pending::None; }
    // The list's first page (since startOver()) is on its way: there is nothing of it to show yet.
    bool loadingFirstPage() const { return m_pending == Pending::First; }
    // No page comes after those read: the last one was short, or the subclass said so.
    bool atEnd() const { return m_atEnd; }
    // The last page failed: fetchMore() asks for nothing until a page is asked for again.
    bool pageFailed() const { return m_failed; }

Q_SIGNALS:
    void loadingChanged();

protected:
    enum class Page { First, Next };

    explicit PagedListModel(QObject *parent = nullptr);

    // Asks the store for the page after those read; fetchMore() calls it when canFetchMore().
    virtual void fetchNextPage() = 0;
    // What else must hold for more to be fetched (a query typed, rows to page from).
    virtual bool readyForMore() const { return true; }

    // Another list: a page on its way is dropped, and paging starts again (not at the end).
    void startOver();
    void setAtEnd(bool atEnd) { m_atEnd = atEnd; }
    // Bumped by startOver(): other reads for the list compare it to drop answers for an old one.
    quint64 generation() const { return m_generation; }

    // Sends a page's request. Once it answers, unless the list was started over meanwhile:
    // `onPage(rows)`, with atEnd() already true if fewer than `limit` came, or `onFailure(error)`,
    // with the page ended and failed. The page is on its way until onPage calls finishPage() (as
    // soon as the next page's request can be made, if a view asking for it while the rows go in
    // should be answered) or returns.
    template<typename Row, typename OnPage, typename OnFailure>
    void requestPage(Page page, int limit, const QFuture<StorageResult<QList<Row>>> &future, OnPage &&onPage,
                     OnFailure &&onFailure)
    {
        beginPage(page);
        onFinished(future, this,
                   [this, generation = m_generation, serial = m_serial, limit,
                    onPage = std::forward<OnPage>(onPage), onFailure = std::forward<OnFailure>(onFailure)](
                       const StorageResult<QList<Row>> &result) mutable {
                       if (generation != m_generation)
                           return;
                       if (!result.ok()) {
                           failPage();
                           onFailure(result.error);
                           return;
                       }
                       m_atEnd = result.value.size() < limit;
                       onPage(result.value);
                       if (generation == m_generation && serial == m_serial)
                           finishPage();
                   });
    }
    // The page on its way is in: fetchMore() may ask for the next. Nothing when none is.
    void finishPage();

private:
    enum class Pending { None, First, Next };

    void beginPage(Page page);
    void failPage();

    Pending m_pending = Pending::None;
    bool m_atEnd = false;
    bool m_failed = false;
    quint64 m_generation = 0;
    quint64 m_serial = 0; // counts the pages asked for: the one answering is still the one on its way
};
