// SPDX-License-Identifier: GPL-3.0-or-later
#include "askcommand.h"

#include "chatprovider.h"
#include "chatrequestbuilder.h"
#include "chatstream.h"
#include "clilogging.h"
#include "console.h"
#include "conversationstore.h"
#include "conversationtitle.h"
#include "exchange.h"
#include "futurecallback.h"
#include "interruptnotifier.h"
#include "providerfactory.h"
#include "provideroptions.h"
#include "savefailure.h"
#include "savegrace.h"
#include "streamprinter.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFuture>
#include <QUuid>

namespace {
QString formatSeconds(std::chrono::milliseconds delay)
{
    return QString::number(double(delay.count()) / 1000.0, 'f', 1);
}

QString newId()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

MessageRecord newMessage(const QString &conversationId, const QString &parentId, MessageRecord::Role role)
{
    MessageRecord message;
    message.id = newId();
    message.conversationId = conversationId;
    message.parentId = parentId;
    message.role = role;
    message.createdAt = message.updatedAt = QDateTime::currentDateTimeUtc();
    return message;
}
} // namespace

AskCommand::AskCommand(QNetworkAccessManager *network, ProfileStore *profiles, SecretStore *secrets,
                       QObject *parent)
    : StorageCommand(false, secrets, parent)
    , m_network(network)
    , m_profiles(profiles)
    , m_secrets(secrets)
    , m_printer(new StreamPrinter(StreamPrinter::Target::Stdout, this))
{}

void AskCommand::start(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QCoreApplication::translate("cli", "Send PROMPT to the model and print the reply as it streams.\n\n"
                                           "The exchange is saved in the history as a new conversation, "
                                           "whose id is printed on standard error; --conversation ID "
                                           "continues one instead.\n\n"
                                           "The server, key and default model come from the profile "
                                           "(--profile, else the current one); the key is kept in the "
                                           "keychain ('confab-cli key set PROFILE'), and "
                                           "$OPENAI_API_KEY, $ANTHROPIC_API_KEY or $GEMINI_API_KEY "
                                           "override it for one run. $OPENAI_ORG_ID and "
                                           "$OPENAI_PROJECT_ID are sent to OpenAI when set.\n\n"
                                           "%1")
            .arg(exitCodeHelp()));
    parser.addPositionalArgument(
        QStringLiteral("PROMPT"),
        QCoreApplication::translate("cli", "The prompt; '-' reads it from standard input."));
    const QCommandLineOption model(
        QStringLiteral("model"),
        QCoreApplication::translate("cli",
                                    "The model (default: the conversation's, else $OPENAI_MODEL for an "
                                    "OpenAI profile, else the profile's default model, else %1 for "
                                    "OpenAI).")
            .arg(QStringLiteral("gpt-4o-mini")),
        QStringLiteral("NAME"));
    const QCommandLineOption system(QStringLiteral("system"),
                                    QCoreApplication::translate("cli",
                                                                "A system prompt to send first (default "
                                                                "when continuing: the conversation's)."),
                                    QStringLiteral("TEXT"));
    const QCommandLineOption conversation(
        QStringLiteral("conversation"),
        QCoreApplication::translate("cli",
                                    "Continue this conversation: its current branch is sent as context "
                                    "and the new messages are added to it."),
        QStringLiteral("ID"));
    const QCommandLineOption noSave(QStringLiteral("no-save"),
                                    QCoreApplication::translate("cli", "Save nothing in the history."));
    const QCommandLineOption effort(
        QStringLiteral("reasoning-effort"),
        QCoreApplication::translate("cli", "How hard a reasoning model thinks: off, low, medium or high "
                                           "(default: the conversation's, else the server's)."),
        QStringLiteral("LEVEL"));
    const QCommandLineOption showReasoning(
        QStringLiteral("show-reasoning"),
        QCoreApplication::translate("cli", "Print the model's thinking to standard error as it streams "
                                           "(dimmed on a terminal); standard output still gets only the "
                                           "answer."));
    parser.addOption(model);
    parser.addOption(system);
    parser.addOption(conversation);
    parser.addOption(noSave);
    parser.addOption(effort);
    parser.addOption(showReasoning);
    ProviderOptions providerOptions;
    providerOptions.addTo(parser);
    m_options.addTo(parser);
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
    if (const QString error = m_options.read(parser); !error.isEmpty())
        return fail(ExitCode::Usage, error);
    const QString continued = parser.value(conversation).trimmed().toLower();
    if (parser.isSet(conversation) && QUuid::fromString(continued).isNull())
        return fail(ExitCode::Usage, QCoreApplication::translate(
                                         "cli", "invalid --conversation '%1': give a conversation id as "
                                                "'confab-cli list' prints it")
                                         .arg(parser.value(conversation)));

    if (parser.isSet(effort)) {
        m_effort = ReasoningEffortName::parse(parser.value(effort).trimmed().toLower());
        if (!m_effort)
            return fail(ExitCode::Usage,
                        QCoreApplication::translate(
                            "cli", "invalid --reasoning-effort '%1': give off, low, medium or high")
                            .arg(parser.value(effort)));
    }

    m_prompt = positional.constFirst();
    if (m_prompt == u"-")
        m_prompt = QString::fromUtf8(Console::readAllInput());
    if (m_prompt.trimmed().isEmpty())
        return fail(ExitCode::Usage, QCoreApplication::translate("cli", "the prompt is empty"));

    m_systemSet = parser.isSet(system);
    m_system = parser.value(system);
    m_save = !parser.isSet(noSave);
    if (parser.isSet(showReasoning))
        m_reasoningPrinter = new StreamPrinter(StreamPrinter::Target::StderrDimmed, this);
    onFinished(providerOptions.resolve(m_profiles, m_secrets, parser.value(model)), this,
               [this, continued](const ProviderResolution &resolution) {
                   if (!resolution.ok())
                       return fail(ProviderOptions::exitCodeFor(resolution.error), resolution.message);
                   m_provider = resolution.provider.config;
                   m_kind = resolution.provider.kind;
                   m_model = resolution.provider.model;
                   m_modelGiven = resolution.provider.modelFromCommandLine;
                   withDatabasePassword([this, continued] {
                       if (continued.isEmpty())
                           send(std::nullopt, {});
                       else
                           continueConversation(continued);
                   });
               });
}

void AskCommand::continueConversation(const QString &id)
{
    onFinished(
        openStore()->conversation(id), this, [this, id](const StorageResult<ConversationRecord> &found) {
            if (found.error.kind == StorageError::Kind::NotFound || (found.ok() && found.value.id.isEmpty()))
                return failNoSuchConversation(id);
            if (!found.ok())
                return failWith(found.error);
            onFinished(store()->fullBranch(id), this,
                       [this, conversation = found.value](const StorageResult<QList<MessageRecord>> &branch) {
                           if (!branch.ok())
                               return failWith(branch.error);
                           send(conversation, branch.value);
                       });
        });
}

void AskCommand::send(const std::optional<ConversationRecord> &conversation,
                      const QList<MessageRecord> &history)
{
    QString model = m_modelGiven ? m_model : QString();
    if (model.isEmpty() && conversation)
        model = conversation->model;
    if (model.isEmpty())
        model = m_model;
    if (model.isEmpty() && m_kind == ProviderKind::OpenAi)
        model = QStringLiteral("gpt-4o-mini");
    if (model.isEmpty())
        return fail(ExitCode::Usage, QCoreApplication::translate(
                                         "cli", "no model to ask: give --model NAME ('confab-cli models "
                                                "--profile PROFILE' lists them), or give the profile a "
                                                "default model (profiles add … --model NAME)"));
    const QString system = m_systemSet || !conversation ? m_system : conversation->systemPrompt;
    ChatRequest request = ChatRequestBuilder::build(model, system, history);
    request.messages.append({ChatMessage::Role::User, m_prompt});
    request.reasoningEffort = m_effort || !conversation ? m_effort : conversation->reasoningEffort;

    ConversationRecord record;
    if (conversation) {
        record = *conversation;
    } else {
        record.id = newId();
        record.title = ConversationTitle::fromPrompt(m_prompt);
        record.createdAt = record.updatedAt = QDateTime::currentDateTimeUtc();
        record.model = request.model;
        record.systemPrompt = m_system;
        record.reasoningEffort = m_effort;
    }
    Exchange::Plan plan;
    MessageRecord user = newMessage(record.id, history.isEmpty() ? QString() : history.constLast().id,
                                    MessageRecord::Role::User);
    user.content = m_prompt;
    user.status = MessageRecord::Status::Complete;
    plan.reply = newMessage(record.id, user.id, MessageRecord::Role::Assistant);
    plan.reply.status = MessageRecord::Status::Streaming;
    plan.reply.model = request.model;
    plan.messages = {user};
    if (!conversation)
        plan.conversation = [record] {
            return std::optional<ConversationRecord>(record);
        };

    // Stream first, persist later: the request is on its way before anything is written.
    ChatProvider *provider = createProvider(m_kind, m_network, m_provider, this);
    m_stream = provider->streamChat(request);
    m_exchange = new Exchange(m_save ? openStore() : nullptr, m_stream, plan, this);
    connect(m_exchange, &Exchange::appended, m_printer, &StreamPrinter::print);
    // Content after a refusal is the reply: it follows what was printed.
    connect(m_exchange, &Exchange::rewritten, this, [this] { m_printer->print(m_exchange->text()); });
    connect(m_exchange, &Exchange::retrying, this,
            [](int attempt, std::chrono::milliseconds delay, const ProviderError &cause) {
                qCInfo(lcCli).noquote()
                    << "retry" << attempt << "in" << delay.count() << "ms after:" << cause.message();
                if (Console::stderrIsTerminal())
                    Console::warning(QCoreApplication::translate("cli", "%1; retrying in %2 s")
                                         .arg(cause.message(), formatSeconds(delay)));
            });
    connect(m_exchange, &Exchange::ended, this, &AskCommand::onDone);
    if (m_reasoningPrinter)
        showReasoning();

    m_interrupt = new InterruptNotifier(this);
    connect(m_interrupt, &InterruptNotifier::interrupted, m_exchange, &Exchange::cancel);

    if (!m_save)
        return;
    Console::note(QCoreApplication::translate("cli", "conversation %1").arg(record.id));
    m_saving = true;
    m_grace = new SaveGrace(store(), this);
    connect(m_exchange, &Exchange::conversationSaved, this,
            [this](const QString &, const StorageError &failed) { noteSaved(failed, false); });
    connect(m_exchange, &Exchange::messageSaved, this, [this](const QString &id, const StorageError &failed) {
        noteSaved(failed, id == m_exchange->messageId());
    });
    connect(m_exchange, &Exchange::finished, this, &AskCommand::onSaved);
}

void AskCommand::showReasoning()
{
    connect(m_exchange, &Exchange::reasoningAppended, m_reasoningPrinter, &StreamPrinter::print);
    // What follows the thinking on stderr (or on the terminal both share) starts a line of its own.
    connect(m_exchange, &Exchange::thinkingEnded, m_reasoningPrinter, [this] {
        if (!m_reasoningPrinter->isEmpty() && !m_reasoningPrinter->endsWithNewline())
            m_reasoningPrinter->print(QStringLiteral("\n"));
        m_reasoningPrinter->flush();
    });
}

void AskCommand::onDone()
{
    if (m_grace)
        m_grace->replyEnded();
    m_printer->flush();
    // A terminal gets its prompt back on a line of its own; a pipe gets exactly the reply.
    if (Console::stdoutIsTerminal() && !m_printer->isEmpty() && !m_printer->endsWithNewline()) {
        Console::writeOut("\n");
        Console::flushOut();
    }

    switch (m_stream->state()) {
    case ChatStream::State::Completed: {
        const QString reason = m_stream->finishReason();
        if (m_exchange->text().isEmpty() && !m_exchange->reasoning().isEmpty()) {
            // Thinking and no answer: stdout stays empty, and a script learns that from the code.
            Console::error(
                reason == u"length"
                    ? QCoreApplication::translate(
                          "cli", "the model stopped while thinking: no answer came (it reached its "
                                 "length limit: try a lower --reasoning-effort)")
                    : QCoreApplication::translate("cli", "the model stopped while thinking: no answer came"));
            m_streamCode = ExitCode::Failure;
            break;
        }
        if (reason == u"length")
            Console::warning(QCoreApplication::translate(
                "cli",
                "the reply was cut short: it reached the model's length limit (finish_reason: length)"));
        else if (reason == u"content_filter")
            Console::warning(QCoreApplication::translate(
                "cli", "the provider's content filter stopped the reply (finish_reason: content_filter)"));
        else if (reason == u"tool_calls")
            Console::warning(QCoreApplication::translate(
                "cli", "the model asked to call a tool, which confab-cli does not offer yet: the reply ends "
                       "here (finish_reason: tool_calls)"));
        m_streamCode = ExitCode::Ok;
        break;
    }
    case ChatStream::State::Cancelled:
        Console::error(QCoreApplication::translate("cli", "cancelled"));
        m_streamCode = ExitCode::Cancelled;
        break;
    case ChatStream::State::Failed: {
        const ProviderError error = m_stream->error().value_or(ProviderError{});
        Console::error(error.message());
        m_streamCode = exitCodeFor(error.kind);
        break;
    }
    case ChatStream::State::Connecting:
    case ChatStream::State::Streaming:
        Console::error(QCoreApplication::translate("cli", "the stream ended in an unknown state"));
        m_streamCode = ExitCode::Failure;
        break;
    }
    finishIfDone();
}

void AskCommand::noteSaved(const StorageError &error, bool reply)
{
    if (error.isError() && !m_saveError.isError()) {
        m_saveError = error;
        m_onlyReplyLost = reply;
    }
}

void AskCommand::onSaved()
{
    m_saving = false;
    m_grace->writesDone();
    finishIfDone();
}

void AskCommand::finishIfDone()
{
    if (!m_streamCode || m_saving)
        return;
    ExitCode code = *m_streamCode;
    if (m_saveError.isError()) {
        // The reply is on stdout already; say what became of the history after it.
        if (m_grace && m_grace->gaveUp()) {
            const QString reason = SaveFailure::reason(m_saveError, store()->config());
            const qint64 waited = SaveGrace::retryGrace.count() / 1000;
            Console::error(
                m_onlyReplyLost
                    ? QCoreApplication::translate("cli", "the reply was not saved in full: %1 (waited %2 s "
                                                         "after it ended); the history has it as it was "
                                                         "last saved while it streamed")
                          .arg(reason)
                          .arg(waited)
                    : QCoreApplication::translate("cli", "the conversation was not saved: %1 (waited %2 s "
                                                         "after the reply ended); the reply above is not "
                                                         "in the history")
                          .arg(reason)
                          .arg(waited));
            if (code == ExitCode::Ok)
                code = ExitCode::NotSaved;
        } else {
            Console::error(QCoreApplication::translate("cli", "the conversation was not saved: %1")
                               .arg(messageFor(m_saveError)));
            if (code == ExitCode::Ok)
                code = ExitCode::Storage;
        }
    }
    finish(code);
}
