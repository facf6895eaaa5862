// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "providersetup.h"

#include <QObject>
#include <QPointer>
#include <QStringList>

class AppSettings;
class ChatProvider;
class ModelListReply;

// The models the selector offers, and the model a provider starts with. The list seen last
// from the same server fills the selector until the server answers (and is kept for next
// time); a model chosen by the user is remembered with its server.
class ModelSelection : public QObject
{
    Q_OBJECT

public:
    // `settings` outlives this object.
    explicit ModelSelection(AppSettings *settings, QObject *parent = nullptr);
    ~ModelSelection() override;

    QStringList models() const { return m_models; }
    // Why the server's models could not be listed; empty when they were, or are being asked.
    QString error() const { return m_error; }

    // Talks to `provider` (may be null: no models) for `setup` from now on, and returns the
    // model to start with: `followed` (the open conversation's) if given, else the setup's, the
    // one used last with this server, the server's first known one, or OpenAI's default.
    QString switchTo(ChatProvider *provider, const ProviderSetup &setup, const QString &followed = {});
    // The user chose `model`: it is the one chosen again with this server next time.
    void remember(const QString &model);
    // Asks the server for its models again.
    void refresh();

Q_SIGNALS:
    void modelsChanged();
    // The server listed `models` (they are models() now).
    void listed(const QStringList &models);
    void errorChanged();

private:
    void setModels(const QStringList &models);
    void setError(const QString &error);

    AppSettings *m_settings;
    ChatProvider *m_provider = nullptr;
    ProviderSetup m_setup;
    QPointer<ModelListReply> m_reply;
    QStringList m_models;
    QString m_error;
};
