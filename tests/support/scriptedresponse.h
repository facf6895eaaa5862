// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>

#include <chrono>

// What the scripted server answers to one request: a status line, headers, and a body written
// as a list of steps (write, delay, hold, drop, stall, end). The builder methods return *this,
// so a response reads as its script:
//
//     ScriptedResponse(200).setHeader("Content-Type", "text/event-stream")
//         .setFraming(ScriptedResponse::Framing::Chunked)
//         .write(firstEvents).delay(50ms).write(rest, 1).drop();
//
// The status line and headers go out as the first step unless the response was made by
// silence() or hangUp(); delayHeaders() puts a delay before them, holdHeaders() a hold (until
// the server's release()).
class ScriptedResponse
{
public:
    enum class Framing {
        ContentLength, // Content-Length: every write up to end(), also those after a drop or stall, so
                       // those cut the body short (unless the header was set by hand)
        Chunked,       // Transfer-Encoding: chunked, a 0-chunk at the end (not after a drop)
        UntilClose,    // neither: the body ends when the server closes the connection
    };

    enum class Chunking {
        PerWrite, // with Chunked framing: each write is one HTTP chunk
        Whole,    // the step's bytes are one HTTP chunk whose wire bytes are split into writes
    };

    struct Step
    {
        enum class Kind {
            Headers,  // the status line and headers
            Write,    // body bytes, framed as the response says
            RawWrite, // bytes as they are, with no framing
            Delay,    // wait `delay`, then go on
            Hold,     // wait until ScriptedServer::release()
            Drop,     // close the connection abruptly once what was written has left
            Stall,    // write nothing more, keep the connection open until the client leaves
            Flood,    // write the bytes again and again, as fast as the client takes them, until it leaves
            End,      // finish the body now (steps after it are ignored)
        };

        Kind kind = Kind::Write;
        QByteArray bytes;
        int writeSize = 0; // 0: one TCP write; n: writes of at most n bytes, each flushed alone
        Chunking chunking = Chunking::PerWrite;
        std::chrono::milliseconds delay{0};
    };

    explicit ScriptedResponse(int status = 200, const QByteArray &reason = {});

    // 200, text/event-stream, chunked: `body` in writes of `writeSize` bytes (0: all at once).
    static ScriptedResponse eventStream(const QByteArray &body, int writeSize = 0);
    // `status` with a JSON body, Content-Length framed.
    static ScriptedResponse json(int status, const QByteArray &body);
    // `status` with OpenAI's error body {"error":{"message","type","param","code"}}; empty
    // strings become JSON nulls. Add Retry-After, x-request-id and the like with setHeader().
    static ScriptedResponse openAiError(int status, const QString &message, const QString &type = {},
                                        const QString &code = {}, const QString &param = {});
    // Reads the request and never answers, until the client goes away.
    static ScriptedResponse silence();
    // Reads the request and closes the connection without a word.
    static ScriptedResponse hangUp();

    // Replaces every header of that name (compared without case), or adds it.
    ScriptedResponse &setHeader(const QByteArray &name, const QByteArray &value);
    // Adds a header even when one of that name is there already.
    ScriptedResponse &addHeader(const QByteArray &name, const QByteArray &value);
    ScriptedResponse &removeHeader(const QByteArray &name);
    ScriptedResponse &setFraming(Framing framing);
    // Sends Connection: close and closes the connection after this response.
    ScriptedResponse &closeConnection();

    ScriptedResponse &write(const QByteArray &bytes, int writeSize = 0,
                            Chunking chunking = Chunking::PerWrite);
    ScriptedResponse &writeRaw(const QByteArray &bytes, int writeSize = 0);
    ScriptedResponse &delay(std::chrono::milliseconds duration);
    ScriptedResponse &delayHeaders(std::chrono::milliseconds duration);
    ScriptedResponse &holdHeaders();
    ScriptedResponse &hold();
    ScriptedResponse &drop();
    ScriptedResponse &stall();
    // A server that never stops: `bytes` (framed like a write) again and again until the client
    // goes away. Use Chunked or UntilClose framing.
    ScriptedResponse &flood(const QByteArray &bytes);
    ScriptedResponse &end();

    int status() const { return m_status; }
    QByteArray reason() const { return m_reason; }
    Framing framing() const { return m_framing; }
    const QList<QPair<QByteArray, QByteArray>> &headers() const { return m_headers; }
    QByteArray header(const QByteArray &name) const;
    const QList<Step> &steps() const { return m_steps; }
    bool closesConnection() const;

    // The body as the script writes it, without framing (the writes up to the first end()).
    QByteArray body() const;
    // The status line and headers as they go on the wire, framing headers included.
    QByteArray headerBytes() const;

    static QByteArray reasonPhrase(int status);

private:
    ScriptedResponse &append(Step step);
    ScriptedResponse &beforeHeaders(const Step &step);

    int m_status;
    QByteArray m_reason;
    Framing m_framing = Framing::ContentLength;
    QList<QPair<QByteArray, QByteArray>> m_headers;
    QList<Step> m_steps;
};
