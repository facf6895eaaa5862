// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHash>
#include <QObject>
#include <QString>

#include <optional>

// Keys given for this session only, held in memory and nowhere else: what the window offers
// when no keychain can be reached. Entries use SecretStore's key names ("provider/<profile>").
class SessionSecrets : public QObject
{
    Q_OBJECT

public:
    using QObject::QObject;
    ~SessionSecrets() override;

    void set(const QString &key, const QString &secret);
    std::optional<QString> value(const QString &key) const;
    bool contains(const QString &key) const { return m_secrets.contains(key); }
    void remove(const QString &key);
    void clear();

Q_SIGNALS:
    void changed(const QString &key);

private:
    QHash<QString, QString> m_secrets;
};
