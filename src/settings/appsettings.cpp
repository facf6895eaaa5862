// SPDX-License-Identifier: GPL-3.0-or-later
#include "appsettings.h"

#include "privatesettings.h"

using namespace Qt::StringLiterals;

namespace {
// The keys are those of earlier versions: a user's choices carry over.
const QString modelsKey = u"provider/models"_s;
const QString modelsServerKey = u"provider/modelsServer"_s;
const QString modelKey = u"provider/model"_s;
const QString titleModelKey = u"titles/model"_s;
const QString setupDoneKey = u"app/setupDone"_s;
} // namespace

AppSettings::AppSettings()
    : m_file(std::make_unique<PrivateSettings>())
{
}

AppSettings::AppSettings(const QString &iniFile)
    : m_file(std::make_unique<PrivateSettings>(iniFile, QSettings::IniFormat))
{
}

AppSettings::~AppSettings() = default;

bool AppSettings::isServer(const QUrl &server) const
{
    return m_file->value(modelsServerKey).toString() == server.toString();
}

QStringList AppSettings::models(const QUrl &server) const
{
    return isServer(server) ? m_file->value(modelsKey).toStringList() : QStringList();
}

void AppSettings::setModels(const QUrl &server, const QStringList &models)
{
    m_file->setValue(modelsKey, models);
    m_file->setValue(modelsServerKey, server.toString());
}

QString AppSettings::model(const QUrl &server) const
{
    return isServer(server) ? m_file->value(modelKey).toString() : QString();
}

void AppSettings::setModel(const QUrl &server, const QString &model)
{
    m_file->setValue(modelKey, model);
    m_file->setValue(modelsServerKey, server.toString());
}

QString AppSettings::titleModel() const
{
    return m_file->value(titleModelKey).toString();
}

void AppSettings::setTitleModel(const QString &model)
{
    m_file->setValue(titleModelKey, model);
}

bool AppSettings::setupDone() const
{
    return m_file->value(setupDoneKey).toBool();
}

void AppSettings::setSetupDone()
{
    m_file->setValue(setupDoneKey, true);
}
