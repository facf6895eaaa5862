// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// One exchange as the window runs it: the real OpenAI client against the scripted server, the
// real store on both backends, the database read back from a connection of the test's own.
#include "assistantlistmodel.h"
#include "assistantstore.h"
#include "chatcontroller.h"
#include "conversationlistmodel.h"
#include "conversationstore.h"
#include "databasepeek.h"
#include "draftstore.h"
#include "futurewait.h"
#include "httpchatprovider.h"
#include "messagemodel.h"
#include "openaidialect.h"
#include "providerconfig.h"
#include "scriptedchatrig.h"
#include "scriptedprovider.h"
#include "scriptedresponse.h"
#include "scriptedserver.h"
#include "ssebodybuilder.h"
#include "testdatabases.h"

#include <QAbstractItemModelTester>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QNetworkAccessManager>
#include <QSettings>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

#include <memory>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

constexpr int timeout = 30000;
constexpr QByteArrayView chatPath = "/v1/chat/completions";
inline const QString model = u"gpt-test"_s;

inline QString newId()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

inline QVariant roleAt(const MessageModel &model, int row, int role)
{
    return model.data(model.index(row), role);
}

inline QString idAt(const MessageModel &model, int row)
{
    return roleAt(model, row, MessageModel::MessageIdRole).toString();
}

inline ScriptedResponse reply(const QStringList &deltas)
{
    return ScriptedResponse::eventStream(SseBodyBuilder().reply(deltas).bytes());
}

// The contents of the messages a request carried, e.g. {"user: Hi", "assistant: Hello"}.
inline QStringList sentMessages(const RecordedRequest &request)
{
    QStringList messages;
    const QJsonArray array = request.json().value(u"messages").toArray();
    for (const QJsonValue &message : array) {
        messages.append(message[u"role"].toString() + u": "_s + message[u"content"].toString());
    }
    return messages;
}

class TestChatController : public QObject, protected ScriptedChatRig
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void sendShowsRowsStreamsFirstThenSaves_data() { TestDatabases::addBackendRows(); }
    void sendShowsRowsStreamsFirstThenSaves();
    void deltasAreCoalesced();
    void stopKeepsTheText();
    void regenerateAndEditMakeBranches_data() { TestDatabases::addBackendRows(); }
    void regenerateAndEditMakeBranches();
    void errorShowsOnTheRowAndRetryAsksAgain();
    void failedSaveShowsNotSaved();
    void openConversationLoadsPagesAndScrolls_data() { TestDatabases::addBackendRows(); }
    void openConversationLoadsPagesAndScrolls();
    void followUpCarriesTheWholeBranch();
    void onlyTheFirstCompleteReplyAsksForATitle();
    void draftsAreKeptPerConversation();
    void parametersAreSentSavedAndReloaded_data() { TestDatabases::addBackendRows(); }
    void parametersAreSentSavedAndReloaded();
    void invalidParametersAreRefused();
    void failedParameterSaveIsReported();
    void setModelChangesTheOpenConversation();
    void renameSurvivesSettingsAndPins_data() { TestDatabases::addBackendRows(); }
    void renameSurvivesSettingsAndPins();
    void aRequestNeverLeavesWithoutAModel();
    void aCutShortReplyContinuesInTheSameMessage_data() { TestDatabases::addBackendRows(); }
    void aCutShortReplyContinuesInTheSameMessage();
    void howAReplyEndedIsShown();
    void aThinkingReplyReadAfreshKeepsItsThinking();
    void startFromAssistantShowsTheGreeting_data() { TestDatabases::addBackendRows(); }
    void startFromAssistantShowsTheGreeting();

private:
    bool setUp(const QString &backend = u"sqlite"_s, int maxRetries = 0);
    void makeController();
    // Sends `text`, answered with `deltas`, and waits for the reply to be saved.
    bool exchange(const QString &text, const QStringList &deltas);
    bool waitForSaved(int row);

    std::unique_ptr<QSettings> m_settings;
    std::unique_ptr<DraftStore> m_drafts;
    std::unique_ptr<ChatController> m_controller;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
    MessageModel *m_model = nullptr;
};
