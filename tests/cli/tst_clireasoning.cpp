// SPDX-License-Identifier: GPL-3.0-or-later
// A model that thinks, through the real confab-cli: the answer alone on stdout and the thinking
// on stderr with --show-reasoning, both kept apart in the history (show --json parts), the
// reasoning effort in the request, the thinking never sent back to an OpenAI-compatible server,
// and a kill during the thinking that keeps it.
#include "clirun.h"
#include "historydatabase.h"
#include "scriptedresponse.h"
#include "scriptedserver.h"
#include "ssebodybuilder.h"
#include "testdatabases.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QProcess>
#include <QTest>

#include <memory>

#include <memory>

using namespace Qt::StringLiterals;

namespace {

const QString thought = u"Two and two… that is four."_s;
const QString answer = u"Four."_s;

// The same reply in each shape an OpenAI-compatible server gives the thinking.
QByteArray reply(const QString &shape)
{
    SseBodyBuilder body;
    body.role();
    if (shape == u"think tags")
        body.content(u"<think>Two and two"_s).content(u"… that is four.</th"_s).content(u"ink>\n\nFour"_s);
    else
        body.reasoning(u"Two and two"_s, shape).reasoning(u"… that is four."_s, shape).content(u"Four"_s);
    return body.content(u"."_s).finish().usage(9, 14, 10).done().bytes();
}

QJsonObject lastMessage(const QJsonObject &conversation)
{
    const QJsonArray messages = conversation.value(u"messages").toArray();
    return messages.isEmpty() ? QJsonObject() : messages.last().toObject();
}

} // namespace

class TestCliReasoning : public QObject
{
    Q_OBJECT

    std::unique_ptr<ScriptedServer> m_server;

    QStringList ask(const QStringList &extra) const
    {
        return QStringList{u"ask"_s, u"--base-url"_s, m_server->baseUrl().toString(), u"--model"_s,
                           u"gpt-test"_s} +
               extra;
    }

private Q_SLOTS:
    void init()
    {
        m_server = std::make_unique<ScriptedServer>();
        QVERIFY(m_server->listen());
    }
    void cleanup() { m_server.reset(); }

    void theAnswerOnStdoutTheThinkingOnStderr_data()
    {
        QTest::addColumn<QString>("backend");
        QTest::addColumn<QString>("shape");
        for (const QString &backend : TestDatabases::backends()) {
            for (const QString &shape : {u"reasoning_content"_s, u"reasoning"_s, u"think tags"_s})
                QTest::addRow("%s, %s", qPrintable(backend), qPrintable(shape)) << backend << shape;
        }
    }
    void theAnswerOnStdoutTheThinkingOnStderr()
    {
        QFETCH(QString, backend);
        QFETCH(QString, shape);
        const HistoryDatabase db(backend);
        QVERIFY2(db.error().isEmpty(), qPrintable(db.error()));

        // Without --show-reasoning: the answer, exactly as before, and the thinking nowhere.
        m_server->enqueue(ScriptedResponse::eventStream(reply(shape)));
        const CliRun quiet = db.run(ask({u"What is two and two?"_s}));
        QCOMPARE(quiet.exitCode, 0);
        QCOMPARE(quiet.out, answer.toUtf8());
        const QString quietId = HistoryDatabase::conversationId(quiet.err);
        QCOMPARE(quiet.errLine(), u"confab-cli: conversation "_s + quietId);

        // With it: the thinking on stderr as it streams, a newline after it; stdout unchanged.
        m_server->enqueue(ScriptedResponse::eventStream(reply(shape), 7));
        const CliRun shown = db.run(ask({u"--show-reasoning"_s, u"What is two and two?"_s}));
        QCOMPARE(shown.exitCode, 0);
        QCOMPARE(shown.out, answer.toUtf8());
        const QString id = HistoryDatabase::conversationId(shown.err);
        QCOMPARE(QString::fromUtf8(shown.err), u"confab-cli: conversation %1\n%2\n"_s.arg(id, thought));

        // The history keeps both, in order, apart.
        const QJsonObject message = lastMessage(db.show(id));
        QCOMPARE(message.value(u"content").toString(), answer);
        const QJsonArray parts = message.value(u"parts").toArray();
        QCOMPARE(parts.size(), 2);
        const QJsonObject thinking = parts.at(0).toObject();
        QCOMPARE(thinking.value(u"type").toString(), u"reasoning"_s);
        QCOMPARE(thinking.value(u"text").toString(), thought);
        QVERIFY(thinking.value(u"duration_ms").isDouble());
        QVERIFY(thinking.value(u"duration_ms").toDouble() >= 0);
        QCOMPARE(parts.at(1).toObject(), (QJsonObject{{u"type"_s, u"text"_s}, {u"text"_s, answer}}));
        QCOMPARE(message.value(u"reasoning_tokens").toInt(), 10);
        QVERIFY(message.value(u"first_token_ms").isDouble());
        // Kept the same when it was not shown.
        const QJsonArray quietParts = lastMessage(db.show(quietId)).value(u"parts").toArray();
        QCOMPARE(quietParts.size(), 2);
        QCOMPARE(quietParts.at(0).toObject().value(u"text").toString(), thought);
        QCOMPARE(quietParts.at(1), parts.at(1));
        // Shown as text: the thinking, marked, before the answer.
        const CliRun text = db.run({u"show"_s, id});
        QCOMPARE(text.exitCode, 0);
        const QString printed = QString::fromUtf8(text.out);
        QVERIFY2(printed.contains(u"(thinking, "_s) && printed.contains(thought + u"\n(answer)\nFour.\n"_s),
                 text.out.constData());
        QVERIFY(printed.indexOf(u"(thinking, "_s) < printed.indexOf(thought));

        // A word only the thinking has is found, and said to be there.
        const CliRun found = db.run({u"search"_s, u"that is four"_s, u"--json"_s});
        QCOMPARE(found.exitCode, 0);
        QVERIFY2(found.out.contains("\"in_reasoning\": true"), found.out.constData());
    }

    void theNextRequestCarriesNoThinking()
    {
        const HistoryDatabase db(u"sqlite"_s);
        QVERIFY2(db.error().isEmpty(), qPrintable(db.error()));
        m_server->enqueue(ScriptedResponse::eventStream(reply(u"reasoning_content"_s)));
        const CliRun first = db.run(ask({u"What is two and two?"_s}));
        QCOMPARE(first.exitCode, 0);
        const QString id = HistoryDatabase::conversationId(first.err);

        m_server->enqueue(ScriptedResponse::eventStream(SseBodyBuilder().reply({u"Six."_s}).bytes()));
        const CliRun next = db.run(ask({u"--conversation"_s, id, u"And three and three?"_s}));
        QCOMPARE(next.exitCode, 0);
        QCOMPARE(next.out, QByteArray("Six."));
        const QJsonArray sent = m_server->lastRequest().json().value(u"messages").toArray();
        QCOMPARE(sent.size(), 3);
        QCOMPARE(sent.at(1).toObject(), (QJsonObject{{u"role"_s, u"assistant"_s}, {u"content"_s, answer}}));
        QVERIFY2(!m_server->lastRequest().body.contains("that is four"),
                 m_server->lastRequest().body.constData());
    }

    void theReasoningEffortReachesTheRequest()
    {
        const HistoryDatabase db(u"sqlite"_s);
        QVERIFY2(db.error().isEmpty(), qPrintable(db.error()));
        m_server->enqueue(ScriptedResponse::eventStream(reply(u"reasoning_content"_s)));
        const CliRun high = db.run(ask({u"--reasoning-effort"_s, u"high"_s, u"Think hard"_s}));
        QCOMPARE(high.exitCode, 0);
        QCOMPARE(m_server->lastRequest().json().value(u"reasoning_effort").toString(), u"high"_s);
        // The new conversation keeps it: the next ask of it sends it again, unasked.
        const QString id = HistoryDatabase::conversationId(high.err);
        QCOMPARE(db.show(id).value(u"reasoning_effort").toString(), u"high"_s);
        m_server->enqueue(ScriptedResponse::eventStream(reply(u"reasoning_content"_s)));
        QCOMPARE(db.run(ask({u"--conversation"_s, id, u"Again"_s})).exitCode, 0);
        QCOMPARE(m_server->lastRequest().json().value(u"reasoning_effort").toString(), u"high"_s);
        // Unset: the server's default, nothing sent.
        m_server->enqueue(ScriptedResponse::eventStream(reply(u"reasoning_content"_s)));
        QCOMPARE(db.run(ask({u"Think"_s})).exitCode, 0);
        QVERIFY(!m_server->lastRequest().json().contains(u"reasoning_effort"));

        const qsizetype requests = m_server->requestCount();
        const CliRun wrong = db.run(ask({u"--reasoning-effort"_s, u"extreme"_s, u"Think"_s}));
        QCOMPARE(wrong.exitCode, 2);
        QCOMPARE(wrong.errLine(),
                 u"confab-cli: invalid --reasoning-effort 'extreme': give off, low, medium or high"_s);
        QCOMPARE(m_server->requestCount(), requests); // nothing was sent
    }

    void thinkingWithoutAnAnswerFails()
    {
        const HistoryDatabase db(u"sqlite"_s);
        QVERIFY2(db.error().isEmpty(), qPrintable(db.error()));
        m_server->enqueue(ScriptedResponse::eventStream(
            SseBodyBuilder().role().reasoning(thought).finish(u"length"_s).usage(9, 64, 64).done().bytes()));
        const CliRun run = db.run(ask({u"What is two and two?"_s}));
        QCOMPARE(run.exitCode, 1);
        QCOMPARE(run.out, QByteArray()); // no answer came: none is printed
        QVERIFY2(run.err.contains("the model stopped while thinking: no answer came"), run.err.constData());
        const QJsonObject message = lastMessage(db.show(HistoryDatabase::conversationId(run.err)));
        QCOMPARE(message.value(u"status").toString(), u"error"_s);
        QVERIFY(message.value(u"error_text").toString().contains(u"stopped while thinking"));
        QCOMPARE(message.value(u"parts").toArray().at(0).toObject().value(u"text").toString(), thought);
    }
};

QTEST_GUILESS_MAIN(TestCliReasoning)
#include "tst_clireasoning.moc"
