// SPDX-License-Identifier: GPL-3.0-or-later
#include "conversationrows.h"

#include <utility>

int ConversationRows::rowOf(const QString &id) const
{
    if (!m_indexValid) {
        m_index.clear();
        m_index.reserve(m_rows.size());
        for (int row = 0; row < size(); ++row)
            m_index.insert(m_rows.at(row).record.id, row);
        m_indexValid = true;
    }
    return m_index.value(id, -1);
}

int ConversationRows::insertionRow(const ConversationSortKey &key, int ignoring) const
{
    // A binary search over the rows as if the one at `ignoring` were not there.
    const auto rowAt = [&](int position) {
        return ignoring >= 0 && position >= ignoring ? position + 1 : position;
    };
    int low = 0;
    int high = size() - (ignoring >= 0 ? 1 : 0);
    while (low < high) {
        const int middle = low + (high - low) / 2;
        if (ConversationSortKey::of(m_rows.at(rowAt(middle)).record).comesBefore(key))
            low = middle + 1;
        else
            high = middle;
    }
    return low;
}

void ConversationRows::append(const ConversationRow &row)
{
    if (m_indexValid)
        m_index.insert(row.record.id, size());
    m_rows.append(row);
}

void ConversationRows::insert(int at, const ConversationRow &row)
{
    m_rows.insert(at, row);
    m_indexValid = false;
}

void ConversationRows::move(int from, int to)
{
    m_rows.move(from, to);
    m_indexValid = false;
}

ConversationRow ConversationRows::replace(int at, const ConversationRow &row)
{
    return std::exchange(m_rows[at], row);
}

void ConversationRows::remove(int first, int last)
{
    m_rows.remove(first, last - first + 1);
    m_indexValid = false;
}

void ConversationRows::clear()
{
    m_rows.clear();
    m_index.clear();
    m_indexValid = true;
}
