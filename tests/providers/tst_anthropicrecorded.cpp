// SPDX-License-Identifier: GPL-3.0-or-later
// Recorded Anthropic streams (tests/data/anthropic-recorded) through the whole client: each must
// decode to exactly the text, refusal, model, stop reason and usage worked out apart from
// Confab, whatever the size of the writes that carry it.
#include "anthropicprovider.h"
#include "chatstream.h"
#include "providerconfig.h"
#include "scriptedresponse.h"
#include "scriptedserver.h"
#include "streamrecorder.h"

#include <QDir>
#include <QFile>
#include <QHash>
#include <QNetworkAccessManager>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

namespace {

constexpr int doneTimeout = 20000;
const QString dataDir = QStringLiteral(CONFAB_TEST_DATA_DIR "/anthropic-recorded");

QByteArray readFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll();
}

// The recordings' stop reasons in the words Confab uses for every provider.
QString finishReasonFor(const QString &stopReason)
{
    static const QHash<QString, QString> names{
        {u"end_turn"_s, u"stop"_s},
        {u"tool_use"_s, u"tool_calls"_s},
        {u"refusal"_s, u"content_filter"_s},
        {u"max_tokens"_s, u"length"_s},
    };
    return names.value(stopReason, stopReason);
}

struct Expected
{
    QString text;
    QString refusal;
    QString model;
    QString finishReason;
    TokenUsage usage;
};

// The stem's expected files (see the README next to them).
Expected readExpected(const QString &stem)
{
    Expected expected;
    expected.text = QString::fromUtf8(readFile(stem + u".expected.txt"_s));
    expected.refusal = QString::fromUtf8(readFile(stem + u".expected-refusal.txt"_s));
    for (const QByteArray &line : readFile(stem + u".expected-meta.txt"_s).split('\n')) {
        const qsizetype colon = line.indexOf(": ");
        if (colon < 0)
            continue;
        const QByteArray key = line.left(colon);
        const QString value = QString::fromUtf8(line.mid(colon + 2));
        if (key == "model") {
            expected.model = value;
        } else if (key == "stop_reason") {
            expected.finishReason = finishReasonFor(value);
        } else if (key == "usage") {
            const QStringList counts = value.split(u' ');
            expected.usage.promptTokens = counts.value(0).toLongLong();
            expected.usage.completionTokens = counts.value(1).toLongLong();
            expected.usage.totalTokens = expected.usage.promptTokens + expected.usage.completionTokens;
        }
    }
    return expected;
}

} // namespace

class TestAnthropicRecorded : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void everyRecordingHasItsExpectations();
    void decodesExactly_data();
    void decodesExactly();
};

void TestAnthropicRecorded::everyRecordingHasItsExpectations()
{
    const QDir dir(dataDir);
    const QStringList bodies = dir.entryList({u"*_response.txt"_s}, QDir::Files, QDir::Name);
    QCOMPARE(bodies.size(), 3);
    for (const QString &body : bodies) {
        const QString stem = dir.filePath(body.chopped(4));
        QVERIFY2(QFile::exists(stem + u".expected.txt"_s), qPrintable(body));
        QVERIFY2(QFile::exists(stem + u".expected-meta.txt"_s), qPrintable(body));
        QVERIFY2(!readExpected(stem).model.isEmpty(), qPrintable(body));
    }
}

void TestAnthropicRecorded::decodesExactly_data()
{
    QTest::addColumn<QString>("stem");
    QTest::addColumn<ScriptedResponse::Framing>("framing");
    QTest::addColumn<int>("writeSize");
    const QDir dir(dataDir);
    for (const QString &body : dir.entryList({u"*_response.txt"_s}, QDir::Files, QDir::Name)) {
        const QString stem = dir.filePath(body.chopped(4));
        const QByteArray name = body.chopped(4).toUtf8();
        using F = ScriptedResponse::Framing;
        QTest::addRow("%s, whole", name.constData()) << stem << F::Chunked << 0;
        QTest::addRow("%s, 1-byte writes", name.constData()) << stem << F::Chunked << 1;
        QTest::addRow("%s, 7-byte writes", name.constData()) << stem << F::Chunked << 7;
        QTest::addRow("%s, content-length, 7-byte", name.constData()) << stem << F::ContentLength << 7;
        QTest::addRow("%s, until close", name.constData()) << stem << F::UntilClose << 0;
    }
}

void TestAnthropicRecorded::decodesExactly()
{
    QFETCH(QString, stem);
    QFETCH(ScriptedResponse::Framing, framing);
    QFETCH(int, writeSize);
    const QByteArray body = readFile(stem + u".txt"_s);
    QVERIFY(!body.isEmpty());
    const Expected expected = readExpected(stem);

    ScriptedServer server;
    QVERIFY(server.listen());
    server.enqueue("POST", "/v1/messages",
                   ScriptedResponse(200)
                       .setHeader("Content-Type", "text/event-stream; charset=utf-8")
                       .setFraming(framing)
                       .write(body, writeSize));
    QNetworkAccessManager network;
    ProviderConfig config;
    config.baseUrl = server.baseUrl();
    config.apiKey = u"sk-ant-test"_s;
    config.idleTimeout = 15s;
    config.retry.maxRetries = 0;
    AnthropicProvider provider(&network, config);
    ChatRequest request;
    request.model = expected.model;
    request.messages = {{ChatMessage::Role::User, u"Hello"_s}};
    std::unique_ptr<ChatStream> stream(provider.streamChat(request));
    StreamRecorder recorder(stream.get());
    QTRY_VERIFY_WITH_TIMEOUT(recorder.isDone(), doneTimeout);

    QVERIFY2(recorder.violations().isEmpty(), qPrintable(recorder.violations().join(u"; "_s)));
    QVERIFY2(recorder.failures.isEmpty(), qPrintable(recorder.failure().message()));
    QCOMPARE(stream->state(), ChatStream::State::Completed);
    QCOMPARE(stream->text(), expected.text);
    QCOMPARE(recorder.contentDeltas.join(QString()), expected.text);
    QCOMPARE(stream->refusal(), expected.refusal);
    QCOMPARE(stream->model(), expected.model);
    QCOMPARE(stream->finishReason(), expected.finishReason);
    QVERIFY(stream->usage());
    QCOMPARE(*stream->usage(), expected.usage);
}

QTEST_GUILESS_MAIN(TestAnthropicRecorded)
#include "tst_anthropicrecorded.moc"
