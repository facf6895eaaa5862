// SPDX-License-Identifier: GPL-3.0-or-later
#include "sessionsecrets.h"

namespace {
// Overwrites the characters before the memory goes back to the allocator (best effort: copies
// handed out earlier are the holders' business).
void wipe(QString &secret)
{
    if (secret.isDetached())
        secret.fill(QChar(0));
    secret.clear();
}
} // namespace

SessionSecrets::~SessionSecrets()
{
    for (QString &secret : m_secrets)
        wipe(secret);
}

void SessionSecrets::set(const QString &key, const QString &secret)
{
    auto it = m_secrets.find(key);
    if (it != m_secrets.end())
        wipe(*it);
    m_secrets.insert(key, secret);
    Q_EMIT changed(key);
}

std::optional<QString> SessionSecrets::value(const QString &key) const
{
    const auto it = m_secrets.constFind(key);
    if (it == m_secrets.constEnd())
        return std::nullopt;
    return *it;
}

void SessionSecrets::remove(const QString &key)
{
    auto it = m_secrets.find(key);
    if (it == m_secrets.end())
        return;
    wipe(*it);
    m_secrets.erase(it);
    Q_EMIT changed(key);
}

void SessionSecrets::clear()
{
    const QStringList keys = m_secrets.keys();
    for (const QString &key : keys)
        remove(key);
}
