// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// confab-cli ask and models, run as processes against the scripted OpenAI-compatible server.
#include "clirun.h"
#include "openaijson.h"
#include "scriptedresponse.h"
#include "scriptedserver.h"
#include "ssebodybuilder.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QTest>

using namespace std::chrono_literals;

inline QByteArray readData(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll();
}

class TestCliAsk : public QObject
{
    Q_OBJECT

private:
    ScriptedServer *m_server = nullptr;

    QStringList ask(const QStringList &extra, const QString &prompt = QStringLiteral("Say hello"));

private Q_SLOTS:
    void init();
    void cleanup();
    void streamsTheReplyAndSendsTheRequest();
    void readsThePromptFromStdin();
    void recordedStreams_data();
    void recordedStreams();
    void everyFramingGivesTheSameText_data();
    void everyFramingGivesTheSameText();
    void lengthFinishWarnsButSucceeds();
    void aToolCallIsSaid();
    void refusalTextIsPrinted();
    void httpErrors_data();
    void httpErrors();
    void rateLimitIsRetriedThenReported();
    void serverErrorBeforeTheFirstTokenIsRetried();
    void connectionRefused();
    void droppedMidStreamKeepsWhatArrived();
    void interruptedCountsCharactersNotUtf16Units();
    void stallTimesOut();
    void errorInsideTheStream();
    void interruptKeepsThePartialReply();
    void usageErrors_data();
    void usageErrors();
    void noKeyForOpenAiIsAUsageError();
    void baseUrlFromTheEnvironment();
    void helpListsTheExitCodes();
    void modelsAreListed();
    void modelsReportsErrors();
};
