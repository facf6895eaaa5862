// SPDX-License-Identifier: GPL-3.0-or-later
#include "pagedlistmodel.h"

PagedListModel::PagedListModel(QObject *parent)
    : QAbstractListModel(parent)
{}

bool PagedListModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && m_pending == Pending::None && !m_atEnd && !m_failed && readyForMore();
}

void PagedListModel::fetchMore(const QModelIndex &parent)
{
    if (canFetchMore(parent))
        fetchNextPage();
}

void PagedListModel::startOver()
{
    ++m_generation;
    m_atEnd = false;
    m_failed = false;
    if (std::exchange(m_pending, Pending::None) != Pending::None)
        Q_EMIT loadingChanged();
}

void PagedListModel::beginPage(Page page)
{
    ++m_serial;
    m_failed = false;
    m_pending = page == Page::First ? Pending::First : Pending::Next;
    Q_EMIT loadingChanged();
}

void PagedListModel::finishPage()
{
    if (std::exchange(m_pending, Pending::None) != Pending::None)
        Q_EMIT loadingChanged();
}

void PagedListModel::failPage()
{
    m_failed = true;
    finishPage();
}
