// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// confab-cli's history commands (ask saving, list, show, search, rm), run as processes against
// both backends and the scripted OpenAI-compatible server.
#include "clirun.h"
#include "conversationrepository.h"
#include "database.h"
#include "historydatabase.h"
#include "scriptedresponse.h"
#include "scriptedserver.h"
#include "ssebodybuilder.h"
#include "testdatabases.h"

#include <QDateTime>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

#include <memory>

class TestCliHistory : public QObject
{
    Q_OBJECT

private:
    ScriptedServer *m_server = nullptr;
    std::unique_ptr<HistoryDatabase> m_db;

    QStringList ask(const QString &prompt, const QStringList &extra = {}) const;
    void enqueueReply(const QStringList &deltas);
    QString askAndSave(const QString &prompt, const QString &reply, const QStringList &extra = {});
    void seedConversations(int count);

private Q_SLOTS:
    void init();
    void cleanup();
    void askSavesANewConversation_data();
    void askSavesANewConversation();
    void askContinuesAConversation_data();
    void askContinuesAConversation();
    void interruptSavesTheStoppedReply_data();
    void interruptSavesTheStoppedReply();
    void noSaveStoresNothing_data();
    void noSaveStoresNothing();
    void databaseFromTheEnvironment_data();
    void databaseFromTheEnvironment();
    void databaseFromTheSetting_data();
    void databaseFromTheSetting();
    void search_data();
    void search();
    void rm_data();
    void rm();
    void listPagesAndFilters_data();
    void listPagesAndFilters();
    void storageFailureKeepsTheReply_data();
    void storageFailureKeepsTheReply();
    void badDatabaseIsAUsageError_data();
    void badDatabaseIsAUsageError();
    void usageErrors();
    void helpListsTheCommandsAndCodes();
};
