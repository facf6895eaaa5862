// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>
#include <QStringList>

class ProfileStore;
class QNetworkAccessManager;
class SecretStore;

// Picks the subcommand from the command line and runs it; finished() carries the exit code.
class CliApplication : public QObject
{
    Q_OBJECT

public:
    explicit CliApplication(QObject *parent = nullptr);

    void start(const QStringList &arguments);

Q_SIGNALS:
    void finished(int exitCode);

private:
    void finishWith(int exitCode);

    QNetworkAccessManager *m_network;
    ProfileStore *m_profiles;
    SecretStore *m_secrets;
};
