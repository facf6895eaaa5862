// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QStringList>
#include <QUrl>

#include <memory>

class QSettings;

// The application's settings file, made once by the composition root and handed to whatever
// reads a setting: the window's own keys through typed accessors, and the file itself to the
// stores that keep a group of their own (drafts, assistants, the window's place). Profiles and
// the database setting read the file afresh on each call instead, because confab-cli may change
// them while the window runs.
class AppSettings
{
public:
    // The user's settings file (organization and application name).
    AppSettings();
    // An INI file of that name (tests).
    explicit AppSettings(const QString &iniFile);
    ~AppSettings();
    AppSettings(const AppSettings &) = delete;
    AppSettings &operator=(const AppSettings &) = delete;

    QSettings *file() const { return m_file.get(); }

    // The models `server` listed last time; empty when they came from another server.
    QStringList models(const QUrl &server) const;
    void setModels(const QUrl &server, const QStringList &models);
    // The model chosen last with `server`; empty when it was chosen with another one.
    QString model(const QUrl &server) const;
    void setModel(const QUrl &server, const QString &model);
    // The model that names new conversations; empty: the conversation's own.
    QString titleModel() const;
    void setTitleModel(const QString &model);
    // The first-run screen was finished once.
    bool setupDone() const;
    void setSetupDone();

private:
    bool isServer(const QUrl &server) const;

    std::unique_ptr<QSettings> m_file;
};
