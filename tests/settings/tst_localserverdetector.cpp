// SPDX-License-Identifier: GPL-3.0-or-later
// LocalServerDetector with the real QNetworkAccessManager against the scripted server.
#include "scriptedresponse.h"
#include "scriptedserver.h"
#include "localserverdetector.h"

#include <QElapsedTimer>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

class TestLocalServerDetector : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void theDefaultsAreOllamaAndLmStudio()
    {
        const QList<LocalServer> candidates = LocalServerDetector::defaultCandidates();
        QCOMPARE(candidates.size(), 2);
        QCOMPARE(candidates.at(0).presetId, u"ollama"_s);
        QCOMPARE(candidates.at(0).baseUrl, QUrl(u"http://localhost:11434/v1"_s));
        QCOMPARE(candidates.at(1).presetId, u"lmstudio"_s);
        QCOMPARE(candidates.at(1).baseUrl, QUrl(u"http://localhost:1234/v1"_s));
    }

    void reportsWhatAnswers()
    {
        ScriptedServer answering;
        QVERIFY(answering.listen());
        answering.enqueue("GET", "/v1/models",
                          ScriptedResponse::json(200, "{\"object\":\"list\",\"data\":[{\"id\":\"qwen2.5\"},"
                                                      "{\"id\":\"llama3.2\"}]}"));
        ScriptedServer silent; // accepts and never answers
        QVERIFY(silent.listen());
        silent.setFallback(ScriptedResponse::silence());
        ScriptedServer failing;
        QVERIFY(failing.listen());
        failing.setFallback(ScriptedResponse::openAiError(404, u"no such route"_s));
        const QUrl refused(u"http://127.0.0.1:%1/v1"_s.arg(ScriptedServer::unusedPort()));

        QNetworkAccessManager network;
        LocalServerDetector detector(&network);
        detector.setTimeout(400ms);
        detector.setCandidates({{u"silent"_s, u"Silent"_s, silent.baseUrl(), {}},
                                {u"ollama"_s, u"Ollama"_s, answering.baseUrl(), {}},
                                {u"refused"_s, u"Refused"_s, refused, {}},
                                {u"failing"_s, u"Failing"_s, failing.baseUrl(), {}}});
        QSignalSpy found(&detector, &LocalServerDetector::found);
        QSignalSpy finished(&detector, &LocalServerDetector::finished);
        QElapsedTimer timer;
        timer.start();
        detector.start();
        QVERIFY(detector.isRunning());
        QVERIFY(finished.wait(5000));
        QVERIFY2(timer.elapsed() < 3000, "the probes run at once, each with its short timeout");
        QVERIFY(!detector.isRunning());

        QCOMPARE(found.size(), 1);
        const QList<LocalServer> answered = finished.first().first().value<QList<LocalServer>>();
        QCOMPARE(answered.size(), 1);
        QCOMPARE(answered.first().presetId, u"ollama"_s);
        QCOMPARE(answered.first().baseUrl, answering.baseUrl());
        QCOMPARE(answered.first().models, (QStringList{u"llama3.2"_s, u"qwen2.5"_s}));
        QCOMPARE(answering.lastRequest().method, QByteArray("GET"));
        QVERIFY(!answering.lastRequest().hasHeader("authorization"));
    }

    void nothingAnswering()
    {
        QNetworkAccessManager network;
        LocalServerDetector detector(&network);
        detector.setTimeout(300ms);
        detector.setCandidates(
            {{u"a"_s, u"A"_s, QUrl(u"http://127.0.0.1:%1/v1"_s.arg(ScriptedServer::unusedPort())), {}}});
        QSignalSpy finished(&detector, &LocalServerDetector::finished);
        detector.start();
        QVERIFY(finished.wait(5000));
        QVERIFY(finished.first().first().value<QList<LocalServer>>().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestLocalServerDetector)
#include "tst_localserverdetector.moc"
