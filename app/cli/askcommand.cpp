// SPDX-License-Identifier: GPL-3.0-or-later
#include "askcommand.h"

#include "console.h"
#include "interruptnotifier.h"
#include "logging.h"
#include "provideroptions.h"
#include "providers/chatstream.h"
#include "providers/openaiprovider.h"
#include "streamprinter.h"

#include <QCommandLineParser>
#include <QCoreApplication>

namespace {
QString formatSeconds(std::chrono::milliseconds delay)
{
    return QString::number(double(delay.count()) / 1000.0, 'f', 1);
}
} // namespace

AskCommand::AskCommand(QNetworkAccessManager *network, QObject *parent)
    : CliCommand(parent)
    , m_network(network)
    , m_printer(new StreamPrinter(this))
{}

void AskCommand::start(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QCoreApplication::translate("cli", "Send PROMPT to the model and print the reply as it streams.\n\n"
                                           "The API key comes from $OPENAI_API_KEY; $OPENAI_ORG_ID and "
                                           "$OPENAI_PROJECT_ID are sent when set.\n\n"
                                           "%1")
            .arg(exitCodeHelp()));
    parser.addPositionalArgument(
        QStringLiteral("PROMPT"),
        QCoreApplication::translate("cli", "The prompt; '-' reads it from standard input."));
    const QCommandLineOption model(
        QStringLiteral("model"),
        QCoreApplication::translate("cli", "The model (default: $OPENAI_MODEL or %1).")
            .arg(QStringLiteral("gpt-4o-mini")),
        QStringLiteral("NAME"));
    const QCommandLineOption system(QStringLiteral("system"),
                                    QCoreApplication::translate("cli", "A system prompt to send first."),
                                    QStringLiteral("TEXT"));
    parser.addOption(model);
    parser.addOption(system);
    ProviderOptions providerOptions;
    providerOptions.addTo(parser);
    if (!parse(parser, QStringLiteral("ask"), arguments))
        return;

    const QStringList positional = parser.positionalArguments();
    if (positional.size() != 1)
        return fail(
            ExitCode::Usage,
            QCoreApplication::translate("cli", "ask takes one PROMPT (quote it, or give '-' to read standard "
                                               "input); see 'confab-cli ask --help'"));
    if (const QString error = providerOptions.read(parser); !error.isEmpty())
        return fail(ExitCode::Usage, error);

    QString prompt = positional.constFirst();
    if (prompt == u"-")
        prompt = QString::fromUtf8(Console::readAllInput());
    if (prompt.trimmed().isEmpty())
        return fail(ExitCode::Usage, QCoreApplication::translate("cli", "the prompt is empty"));

    ChatRequest request;
    request.model = parser.value(model);
    if (request.model.isEmpty())
        request.model = qEnvironmentVariable("OPENAI_MODEL", QStringLiteral("gpt-4o-mini"));
    if (parser.isSet(system))
        request.messages.append({ChatMessage::Role::System, parser.value(system)});
    request.messages.append({ChatMessage::Role::User, prompt});

    auto *provider = new OpenAiProvider(m_network, providerOptions.config(), this);
    m_stream = provider->streamChat(request);
    m_stream->setParent(this);
    connect(m_stream, &ChatStream::contentDelta, m_printer, &StreamPrinter::print);
    connect(m_stream, &ChatStream::refusalDelta, m_printer, &StreamPrinter::print);
    connect(m_stream, &ChatStream::retrying, this,
            [](int attempt, std::chrono::milliseconds delay, const ProviderError &cause) {
                qCInfo(lcCli).noquote()
                    << "retry" << attempt << "in" << delay.count() << "ms after:" << cause.message();
                if (Console::stderrIsTerminal())
                    Console::warning(QCoreApplication::translate("cli", "%1; retrying in %2 s")
                                         .arg(cause.message(), formatSeconds(delay)));
            });
    connect(m_stream, &ChatStream::done, this, &AskCommand::onDone);

    m_interrupt = new InterruptNotifier(this);
    connect(m_interrupt, &InterruptNotifier::interrupted, this, [this] {
        if (m_stream && m_stream->isActive())
            m_stream->cancel();
    });
}

void AskCommand::onDone()
{
    m_printer->flush();
    // A terminal gets its prompt back on a line of its own; a pipe gets exactly the reply.
    if (Console::stdoutIsTerminal() && !m_printer->isEmpty() && !m_printer->endsWithNewline()) {
        Console::writeOut("\n");
        Console::flushOut();
    }

    switch (m_stream->state()) {
    case ChatStream::State::Completed: {
        const QString reason = m_stream->finishReason();
        if (reason == u"length")
            Console::warning(QCoreApplication::translate(
                "cli",
                "the reply was cut short: it reached the model's length limit (finish_reason: length)"));
        else if (reason == u"content_filter")
            Console::warning(QCoreApplication::translate(
                "cli", "the provider's content filter stopped the reply (finish_reason: content_filter)"));
        return finish(ExitCode::Ok);
    }
    case ChatStream::State::Cancelled:
        Console::error(QCoreApplication::translate("cli", "cancelled"));
        return finish(ExitCode::Cancelled);
    case ChatStream::State::Failed: {
        const ProviderError error = m_stream->error().value_or(ProviderError{});
        return fail(exitCodeFor(error.kind), error.message());
    }
    case ChatStream::State::Connecting:
    case ChatStream::State::Streaming:
        break;
    }
    fail(ExitCode::Failure, QCoreApplication::translate("cli", "the stream ended in an unknown state"));
}
