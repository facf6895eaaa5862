// SPDX-License-Identifier: GPL-3.0-or-later
#include "ssedebugcommand.h"

#include "console.h"
#include "sseparser.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>

#include <cstdio>

namespace {

// A JSON string literal. Written by hand so that the fields keep the documented order.
void appendJsonString(QByteArray &out, const QString &text)
{
    out += '"';
    qsizetype runStart = 0; // characters that need no escape are copied in runs
    auto flushRun = [&](qsizetype end) {
        if (end > runStart)
            out += QStringView(text).sliced(runStart, end - runStart).toUtf8();
    };
    for (qsizetype i = 0; i < text.size(); ++i) {
        const char16_t u = text.at(i).unicode();
        const char *escape = nullptr;
        char hex[8];
        switch (u) {
        case u'"':
            escape = "\\\"";
            break;
        case u'\\':
            escape = "\\\\";
            break;
        case u'\n':
            escape = "\\n";
            break;
        case u'\r':
            escape = "\\r";
            break;
        case u'\t':
            escape = "\\t";
            break;
        case u'\b':
            escape = "\\b";
            break;
        case u'\f':
            escape = "\\f";
            break;
        default:
            if (u < 0x20) {
                std::snprintf(hex, sizeof hex, "\\u%04x", unsigned(u));
                escape = hex;
            }
        }
        if (escape) {
            flushRun(i);
            out += escape;
            runStart = i + 1;
        }
    }
    flushRun(text.size());
    out += '"';
}

} // namespace

void SseDebugCommand::start(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate(
        "cli",
        "Parse a Server-Sent Events stream by the WHATWG rules and print each dispatched event as\n"
        "{\"event\":TYPE,\"data\":DATA,\"id\":LAST_EVENT_ID}, one per line, then {\"retry\":MS} if a valid\n"
        "retry field was seen."));
    parser.addPositionalArgument(QStringLiteral("FILE"),
                                 QCoreApplication::translate("cli", "The stream (default: standard input)."),
                                 QStringLiteral("[FILE]"));
    const QCommandLineOption chunkSize(
        QStringLiteral("chunk-size"),
        QCoreApplication::translate("cli", "Feed the parser N bytes at a time (default: as read)."),
        QStringLiteral("N"));
    parser.addOption(chunkSize);
    if (!parse(parser, QStringLiteral("debug sse"), arguments))
        return;

    qsizetype step = 0;
    if (parser.isSet(chunkSize)) {
        bool ok = false;
        step = parser.value(chunkSize).toLongLong(&ok);
        if (!ok || step < 1)
            return fail(ExitCode::Usage,
                        QCoreApplication::translate("cli", "invalid --chunk-size '%1': give a "
                                                           "whole number of bytes, 1 or more")
                            .arg(parser.value(chunkSize)));
    }
    const QStringList positional = parser.positionalArguments();
    if (positional.size() > 1)
        return fail(ExitCode::Usage, QCoreApplication::translate("cli", "debug sse takes at most one FILE"));

    QFile input;
    const bool fromFile = !positional.isEmpty() && positional.constFirst() != u"-";
    if (fromFile) {
        input.setFileName(positional.constFirst());
        if (!input.open(QIODevice::ReadOnly))
            return fail(ExitCode::Usage, QCoreApplication::translate("cli", "cannot read %1: %2")
                                             .arg(positional.constFirst(), input.errorString()));
    } else if (!input.open(stdin, QIODevice::ReadOnly, QFileDevice::DontCloseHandle)) {
        return fail(
            ExitCode::Failure,
            QCoreApplication::translate("cli", "cannot read standard input: %1").arg(input.errorString()));
    }

    QByteArray out;
    SseParser sse([&out](const SseEvent &event) {
        out += "{\"event\":";
        appendJsonString(out, event.type);
        out += ",\"data\":";
        appendJsonString(out, QString::fromUtf8(event.data));
        out += ",\"id\":";
        appendJsonString(out, event.lastEventId);
        out += "}\n";
    });

    const qsizetype readSize = 64 * 1024;
    for (;;) {
        const QByteArray bytes = input.read(readSize);
        if (bytes.isEmpty())
            break;
        const QByteArrayView view(bytes);
        for (qsizetype at = 0; at < view.size(); at += (step > 0 ? step : view.size())) {
            sse.feed(view.sliced(at, qMin(step > 0 ? step : view.size(), view.size() - at)));
            if (!out.isEmpty()) {
                Console::writeOut(out);
                Console::flushOut();
                out.clear();
            }
        }
    }
    if (input.error() != QFileDevice::NoError)
        return fail(ExitCode::Failure,
                    QCoreApplication::translate("cli", "reading failed: %1").arg(input.errorString()));
    if (sse.overflowed())
        return fail(ExitCode::InvalidResponse,
                    QCoreApplication::translate("cli", "the stream has a line or event too large to parse"));
    if (const auto retry = sse.retry())
        Console::writeOut("{\"retry\":" + QByteArray::number(*retry) + "}\n");
    Console::flushOut();
    finish(ExitCode::Ok);
}
