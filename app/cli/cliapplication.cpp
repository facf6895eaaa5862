// SPDX-License-Identifier: GPL-3.0-or-later
#include "cliapplication.h"

#include "askcommand.h"
#include "console.h"
#include "keycommand.h"
#include "listcommand.h"
#include "modelscommand.h"
#include "profilescommand.h"
#include "profilestore.h"
#include "recoverycommand.h"
#include "rmcommand.h"
#include "searchcommand.h"
#include "secretstore.h"
#include "showcommand.h"
#include "ssedebugcommand.h"

#include <QCoreApplication>
#include <QMetaObject>
#include <QNetworkAccessManager>

namespace {
QString usage()
{
    return QCoreApplication::translate(
               "cli", "Usage: confab-cli COMMAND [options]\n"
                      "Confab's console companion: talk to a model's server from scripts, read\n"
                      "Confab's history, and keep provider profiles and their keys.\n"
                      "\n"
                      "Commands:\n"
                      "  ask PROMPT        Send a prompt, stream the reply to standard output, save both.\n"
                      "  list              List the stored conversations.\n"
                      "  show ID           Print a conversation.\n"
                      "  search QUERY      Find conversations by the words in them.\n"
                      "  rm ID...          Delete conversations.\n"
                      "  models            List the models the server offers.\n"
                      "  profiles list|add|edit|rm|use\n"
                      "                    The provider profiles (server, kind, default model).\n"
                      "  key set|rm PROFILE\n"
                      "                    A profile's API key in the system keychain, read from\n"
                      "                    standard input; 'key set --database URL': a PostgreSQL password.\n"
                      "  storage dismiss-recovery\n"
                      "                    Stop telling that a damaged history was replaced.\n"
                      "  debug sse [FILE]  Print the events of a Server-Sent Events stream as JSON.\n"
                      "\n"
                      "The history commands take --database URL|PATH and --json; ask and models take\n"
                      "--profile NAME, --base-url URL (and ask --model NAME) to override the profile;\n"
                      "ask --show-reasoning prints a reasoning model's thinking on standard error.\n"
                      "\n"
                      "Options:\n"
                      "  -h, --help        Show this help; 'confab-cli COMMAND --help' for a command.\n"
                      "  -v, --version     Show the version.\n"
                      "\n"
                      "Environment:\n"
                      "  OPENAI_API_KEY, ANTHROPIC_API_KEY, GEMINI_API_KEY\n"
                      "                    The key for this run, instead of the keychain's, for profiles\n"
                      "                    of that kind.\n"
                      "  OPENAI_BASE_URL   The base URL of an OpenAI profile (default: its own, else\n"
                      "                    https://api.openai.com/v1).\n"
                      "  OPENAI_MODEL      An OpenAI profile's model when --model is not given.\n"
                      "  CONFAB_DATABASE   The history database when --database is not given: a SQLite\n"
                      "                    file or a postgresql:// URL.\n"
                      "  PGPASSWORD        The PostgreSQL password when the URL has none (else the\n"
                      "                    keychain's, from 'key set --database URL').\n"
                      "\n") +
           exitCodeHelp();
}
} // namespace

CliApplication::CliApplication(QObject *parent)
    : QObject(parent)
    , m_network(new QNetworkAccessManager(this))
    , m_profiles(new ProfileStore(this))
    , m_secrets(new SecretStore(QStringLiteral("Confab"), this))
{}

void CliApplication::start(const QStringList &arguments)
{
    const QStringList args = arguments.mid(1);
    const QString command = args.value(0);
    if (command.isEmpty() || command == u"-h" || command == u"--help" || command == u"help") {
        Console::writeOut(usage().toUtf8());
        Console::flushOut();
        return finishWith(command.isEmpty() ? int(ExitCode::Usage) : int(ExitCode::Ok));
    }
    if (command == u"-v" || command == u"--version") {
        Console::writeOut(
            QStringLiteral("%1 %2\n")
                .arg(QCoreApplication::applicationName(), QCoreApplication::applicationVersion())
                .toUtf8());
        Console::flushOut();
        return finishWith(int(ExitCode::Ok));
    }

    CliCommand *cmd = nullptr;
    QStringList rest = args.mid(1);
    if (command == u"ask") {
        cmd = new AskCommand(m_network, m_profiles, m_secrets, this);
    } else if (command == u"list") {
        cmd = new ListCommand(m_secrets, this);
    } else if (command == u"show") {
        cmd = new ShowCommand(m_secrets, this);
    } else if (command == u"search") {
        cmd = new SearchCommand(m_secrets, this);
    } else if (command == u"rm") {
        cmd = new RmCommand(m_secrets, this);
    } else if (command == u"models") {
        cmd = new ModelsCommand(m_network, m_profiles, m_secrets, this);
    } else if (command == u"key") {
        cmd = new KeyCommand(m_profiles, m_secrets, this);
    } else if (command == u"profiles") {
        cmd = new ProfilesCommand(m_profiles, m_secrets, this);
    } else if (command == u"storage" && args.value(1) == u"dismiss-recovery") {
        cmd = new RecoveryCommand(m_secrets, this);
        rest = args.mid(2);
    } else if (command == u"debug" && args.value(1) == u"sse") {
        cmd = new SseDebugCommand(this);
        rest = args.mid(2);
    } else {
        Console::error(QCoreApplication::translate("cli", "unknown command '%1'; see 'confab-cli --help'")
                           .arg(args.join(u' ')));
        return finishWith(int(ExitCode::Usage));
    }
    connect(cmd, &CliCommand::finished, this, &CliApplication::finished);
    cmd->start(rest);
}

void CliApplication::finishWith(int exitCode)
{
    QMetaObject::invokeMethod(
        this, [this, exitCode] { Q_EMIT finished(exitCode); }, Qt::QueuedConnection);
}
