// SPDX-License-Identifier: GPL-3.0-or-later
#include "sendreadiness.h"

#include <QTest>

using namespace Qt::StringLiterals;

Q_DECLARE_METATYPE(SendReadiness)

// Whether the composer may send, and the sentence it shows when it may not: the first thing
// in the way, in the order a user can act on them.
class TestSendReadiness : public QObject
{
    Q_OBJECT

private:
    static SendReadiness ready()
    {
        SendReadiness readiness;
        readiness.server = QUrl(u"https://api.openai.com/v1"_s);
        readiness.model = u"gpt-test"_s;
        return readiness;
    }

private Q_SLOTS:
    void readyCanSend()
    {
        QVERIFY(ready().reason().isEmpty());
    }

    void reasons_data()
    {
        QTest::addColumn<SendReadiness>("readiness");
        QTest::addColumn<QString>("says");

        SendReadiness failed = ready();
        failed.storeStatus = ConversationStore::Status::Failed;
        failed.storeMessage = u"disk gone"_s;
        failed.setupProblem = u"no key"_s; // the history comes first: nothing would be saved
        QTest::newRow("history failed") << failed << u"could not be opened, so nothing would be saved: disk gone"_s;

        SendReadiness readOnly = ready();
        readOnly.storeStatus = ConversationStore::Status::ReadOnly;
        readOnly.storeMessage = u"the disk is full"_s;
        QTest::newRow("read-only") << readOnly << u"read-only, so nothing would be saved: the disk is full"_s;

        SendReadiness noKey = ready();
        noKey.setupProblem = u"Add your API key in Settings."_s;
        noKey.offline = true;
        QTest::newRow("setup problem") << noKey << u"Add your API key in Settings."_s;

        SendReadiness offline = ready();
        offline.offline = true;
        QTest::newRow("offline") << offline << u"You are offline"_s;

        SendReadiness unlisted = ready();
        unlisted.model.clear();
        unlisted.modelsError = u"HTTP 500"_s;
        QTest::newRow("no models listed") << unlisted << u"api.openai.com did not list its models (HTTP 500)"_s;

        SendReadiness waiting = ready();
        waiting.model.clear();
        QTest::newRow("waiting for models") << waiting << u"Waiting for api.openai.com to list its models"_s;
    }

    void reasons()
    {
        QFETCH(SendReadiness, readiness);
        QFETCH(QString, says);
        QVERIFY2(readiness.reason().contains(says), qPrintable(readiness.reason()));
    }

    void aServerOnThisMachineNeedsNoNetwork()
    {
        SendReadiness local = ready();
        local.offline = true;
        for (const QString &url : {u"http://localhost:11434/v1"_s, u"http://127.0.0.1:1234/v1"_s, u"http://[::1]:8080/v1"_s}) {
            local.server = QUrl(url);
            QVERIFY2(local.reason().isEmpty(), qPrintable(url));
        }
    }

    // An opening conversation's model is known in a moment: a message sent meanwhile waits.
    void anOpeningConversationCanBeWrittenTo()
    {
        SendReadiness opening = ready();
        opening.model.clear();
        opening.opening = true;
        QVERIFY(opening.reason().isEmpty());
        opening.modelsError = u"HTTP 500"_s; // but with no way to learn a model, it says so
        QVERIFY(!opening.reason().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestSendReadiness)
#include "tst_sendreadiness.moc"
