// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "conversationrow.h"
#include "conversationsortkey.h"

#include <QHash>
#include <QList>

// The sidebar's rows in the store's order, found by id without a scan: the index is rebuilt on the
// first look-up after rows have moved. It only holds them; the model announces the changes.
class ConversationRows
{
public:
    int size() const { return int(m_rows.size()); }
    bool isEmpty() const { return m_rows.isEmpty(); }
    const ConversationRow &at(int row) const { return m_rows.at(row); }
    const ConversationRow &last() const { return m_rows.constLast(); }
    // The row of a conversation, or -1.
    int rowOf(const QString &id) const;
    // Where a row with `key` belongs, as if the one at `ignoring` were not there.
    int insertionRow(const ConversationSortKey &key, int ignoring = -1) const;

    void append(const ConversationRow &row);
    void insert(int at, const ConversationRow &row);
    void move(int from, int to);
    // Puts `row` at `at` (the same conversation) and returns the one it replaces.
    ConversationRow replace(int at, const ConversationRow &row);
    void remove(int first, int last);
    void clear();

private:
    QList<ConversationRow> m_rows;
    mutable QHash<QString, int> m_index; // id → row, when valid
    mutable bool m_indexValid = true;
};
