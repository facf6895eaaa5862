// SPDX-License-Identifier: GPL-3.0-or-later
// TestOpenAiProvider, continued.
#include "tst_openaiprovider.h"

void TestOpenAiProvider::everyFraming_data()
{
    QTest::addColumn<LineEnding>("lineEnding");
    QTest::addColumn<bool>("keepAlives");
    QTest::addColumn<bool>("spaceAfterColon");
    QTest::addColumn<ScriptedResponse::Framing>("framing");
    QTest::addColumn<int>("writeSize");
    QTest::addColumn<ScriptedResponse::Chunking>("chunking");

    using F = ScriptedResponse::Framing;
    const auto perWrite = ScriptedResponse::Chunking::PerWrite;
    const auto whole = ScriptedResponse::Chunking::Whole;
    QTest::newRow("lf") << LineEnding::Lf << false << true << F::Chunked << 0 << perWrite;
    QTest::newRow("crlf") << LineEnding::CrLf << false << true << F::Chunked << 0 << perWrite;
    QTest::newRow("cr") << LineEnding::Cr << false << true << F::Chunked << 0 << perWrite;
    QTest::newRow("lf, 1-byte chunks") << LineEnding::Lf << false << true << F::Chunked << 1 << perWrite;
    QTest::newRow("crlf, 1-byte chunks") << LineEnding::CrLf << false << true << F::Chunked << 1 << perWrite;
    QTest::newRow("cr, 1-byte chunks") << LineEnding::Cr << false << true << F::Chunked << 1 << perWrite;
    QTest::newRow("crlf, one chunk in 1-byte writes")
        << LineEnding::CrLf << false << true << F::Chunked << 1 << whole;
    QTest::newRow("lf, 3-byte chunks") << LineEnding::Lf << false << true << F::Chunked << 3 << perWrite;
    QTest::newRow("keep-alives, lf") << LineEnding::Lf << true << true << F::Chunked << 0 << perWrite;
    QTest::newRow("keep-alives, crlf, 1-byte")
        << LineEnding::CrLf << true << true << F::Chunked << 1 << perWrite;
    QTest::newRow("keep-alives, cr, 1-byte") << LineEnding::Cr << true << true << F::Chunked << 1 << perWrite;
    QTest::newRow("no space after colon") << LineEnding::Lf << false << false << F::Chunked << 0 << perWrite;
    QTest::newRow("content-length, 1-byte")
        << LineEnding::Lf << true << true << F::ContentLength << 1 << perWrite;
    QTest::newRow("until close, 5-byte")
        << LineEnding::CrLf << true << true << F::UntilClose << 5 << perWrite;
}

void TestOpenAiProvider::everyFraming()
{
    QFETCH(LineEnding, lineEnding);
    QFETCH(bool, keepAlives);
    QFETCH(bool, spaceAfterColon);
    QFETCH(ScriptedResponse::Framing, framing);
    QFETCH(int, writeSize);
    QFETCH(ScriptedResponse::Chunking, chunking);

    SseBodyBuilder body(lineEnding);
    body.setSpaceAfterColon(spaceAfterColon);
    if (keepAlives)
        body.keepAlive().comment("OPENROUTER PROCESSING").blankLine();
    body.role();
    if (keepAlives)
        body.comment("a comment inside an event");
    body.content(u"Grü"_s);
    if (keepAlives)
        body.keepAlive().keepAlive();
    body.content(u"ße, 世界"_s).content(u"! 👋🏽"_s).finish().usage(5, 3);
    if (keepAlives)
        body.keepAlive();
    body.done();

    scriptChat(ScriptedResponse(200)
                   .setHeader("Content-Type", "text/event-stream; charset=utf-8")
                   .setFraming(framing)
                   .write(body.bytes(), writeSize, chunking));
    start(config());
    WAIT_FOR_DONE();
    QVERIFY2(m_recorder->failures.isEmpty(), qPrintable(m_recorder->failure().message()));
    QCOMPARE(m_stream->text(), u"Grüße, 世界! 👋🏽"_s);
    QCOMPARE(m_recorder->contentDeltas, (QStringList{u"Grü"_s, u"ße, 世界"_s, u"! 👋🏽"_s}));
    QCOMPARE(m_stream->finishReason(), u"stop"_s);
    QCOMPARE(m_recorder->usages.size(), 1);
    QCOMPARE(m_stream->state(), ChatStream::State::Completed);
}

void TestOpenAiProvider::recordedStreams_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<int>("writeSize");
    const QDir dir(QStringLiteral(CONFAB_TEST_DATA_DIR "/openai-recorded"));
    const QStringList files = dir.entryList({u"*.bin"_s}, QDir::Files, QDir::Name);
    QVERIFY(!files.isEmpty());
    for (const QString &file : files) {
        const QString name = file.left(12);
        QTest::addRow("%s, whole", qPrintable(name)) << dir.filePath(file) << 0;
        QTest::addRow("%s, 1-byte", qPrintable(name)) << dir.filePath(file) << 1;
    }
}

void TestOpenAiProvider::recordedStreams()
{
    QFETCH(QString, path);
    QFETCH(int, writeSize);
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray body = file.readAll();
    const Expected expected = readRecorded(body);

    scriptChat(chatResponse(body, writeSize));
    start(config());
    WAIT_FOR_DONE();
    QVERIFY2(m_recorder->failures.isEmpty(), qPrintable(m_recorder->failure().message()));
    QCOMPARE(m_stream->state(), ChatStream::State::Completed);
    QCOMPARE(m_stream->text(), expected.text);
    QCOMPARE(m_recorder->contentDeltas.join(QString()), expected.text);
    QCOMPARE(m_stream->refusal(), expected.refusal);
    QCOMPARE(m_stream->finishReason(), expected.finishReason);
    QCOMPARE(m_stream->model(), expected.model);
    QCOMPARE(m_stream->usage().has_value(), expected.usage.has_value());
    if (expected.usage)
        QCOMPARE(*m_stream->usage(), *expected.usage);
}

void TestOpenAiProvider::twoStreamsAtOnce()
{
    // Each request is answered with what it asked, so the two replies cannot be mixed up.
    connect(m_server.get(), &ScriptedServer::requestReceived, this, [this](const RecordedRequest &sent) {
        const QString asked =
            sent.json().value(u"messages"_s).toArray().at(0).toObject().value(u"content"_s).toString();
        m_server->enqueue(
            ScriptedResponse::eventStream(SseBodyBuilder().reply({asked, u" (answer)"_s}).bytes(), 2));
    });
    m_provider =
        std::make_unique<HttpChatProvider>(m_network.get(), std::make_unique<OpenAiDialect>(), config());
    ChatRequest first = request();
    first.messages = {{ChatMessage::Role::User, u"first"_s}};
    ChatRequest second = request();
    second.messages = {{ChatMessage::Role::User, u"second"_s}};
    std::unique_ptr<ChatStream> a(m_provider->streamChat(first));
    std::unique_ptr<ChatStream> b(m_provider->streamChat(second));
    StreamRecorder ra(a.get());
    StreamRecorder rb(b.get());
    QTRY_VERIFY_WITH_TIMEOUT(ra.isDone() && rb.isDone(), doneTimeout);
    QCOMPARE(a->text(), u"first (answer)"_s);
    QCOMPARE(b->text(), u"second (answer)"_s);
    QCOMPARE(a->state(), ChatStream::State::Completed);
    QCOMPARE(b->state(), ChatStream::State::Completed);
    QVERIFY(ra.violations().isEmpty());
    QVERIFY(rb.violations().isEmpty());
}
