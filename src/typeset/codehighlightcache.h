// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "codehighlight.h"

#include <QHash>
#include <QString>

#include <list>
#include <optional>

// Highlights already made, by (language, code), the least recently used dropped first once they
// hold more than a bound in bytes (the code counts too: the key shares it with the caller).
// A reply's blocks are highlighted once however often their delegates are made again.
class CodeHighlightCache
{
public:
    explicit CodeHighlightCache(qsizetype maximumBytes);

    // The highlight made for this code, now the most recently used.
    std::optional<CodeHighlight> find(const QString &language, const QString &code);
    void insert(const QString &language, const QString &code, const CodeHighlight &highlight);
    void clear();

    qsizetype bytes() const { return m_bytes; }
    qsizetype count() const { return qsizetype(m_entries.size()); }
    qsizetype maximumBytes() const { return m_maximumBytes; }

private:
    struct Key
    {
        QString language;
        QString code;
        friend bool operator==(const Key &, const Key &) = default;
        friend size_t qHash(const Key &key, size_t seed = 0)
        {
            return qHashMulti(seed, key.language, key.code);
        }
    };
    struct Entry
    {
        Key key;
        CodeHighlight highlight;
        qsizetype bytes = 0;
    };
    using Entries = std::list<Entry>; // the most recently used first

    void evict();

    qsizetype m_maximumBytes;
    qsizetype m_bytes = 0;
    Entries m_entries;
    QHash<Key, Entries::iterator> m_index;
};
