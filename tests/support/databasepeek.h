// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "databaseconfig.h"

#include <QString>
#include <QVariant>
#include <QVariantList>

// Reads a test database the way another program would, on a connection of the test's own, to
// see what has really been written.
class DatabasePeek
{
public:
    explicit DatabasePeek(const DatabaseConfig &config);
    ~DatabasePeek();
    DatabasePeek(const DatabasePeek &) = delete;
    DatabasePeek &operator=(const DatabasePeek &) = delete;

    // The first column of the first row, or an invalid QVariant (no row, or no table yet).
    QVariant value(const QString &sql, const QVariantList &arguments = {}) const;
    int messageCount(const QString &id) const;
    QString messageField(const QString &id, const QString &column) const;
    QString conversationField(const QString &id, const QString &column) const;
    int conversationCount() const;

private:
    QString m_name;
};
