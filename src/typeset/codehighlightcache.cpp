// SPDX-License-Identifier: GPL-3.0-or-later
#include "codehighlightcache.h"

CodeHighlightCache::CodeHighlightCache(qsizetype maximumBytes)
    : m_maximumBytes(maximumBytes)
{}

std::optional<CodeHighlight> CodeHighlightCache::find(const QString &language, const QString &code)
{
    const auto found = m_index.constFind(Key{language, code});
    if (found == m_index.cend())
        return std::nullopt;
    m_entries.splice(m_entries.begin(), m_entries, found.value());
    return m_entries.front().highlight;
}

void CodeHighlightCache::insert(const QString &language, const QString &code, const CodeHighlight &highlight)
{
    Key key{language, code};
    const qsizetype bytes = (language.size() + code.size()) * 2 + highlight.bytes() + 64;
    if (bytes > m_maximumBytes)
        return;
    if (const auto found = m_index.constFind(key); found != m_index.cend()) {
        m_bytes -= found.value()->bytes;
        m_entries.erase(found.value());
        m_index.erase(found);
    }
    m_entries.push_front(Entry{key, highlight, bytes});
    m_index.insert(std::move(key), m_entries.begin());
    m_bytes += bytes;
    evict();
}

void CodeHighlightCache::clear()
{
    m_index.clear();
    m_entries.clear();
    m_bytes = 0;
}

void CodeHighlightCache::evict()
{
    while (m_bytes > m_maximumBytes && !m_entries.empty()) {
        m_bytes -= m_entries.back().bytes;
        m_index.remove(m_entries.back().key);
        m_entries.pop_back();
    }
}
