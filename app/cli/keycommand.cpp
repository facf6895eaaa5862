// SPDX-License-Identifier: GPL-3.0-or-later
#include "keycommand.h"

#include "futurecallback.h"
#include "console.h"
#include "databaseconfig.h"
#include "profilestore.h"
#include "secretstore.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QUrl>

KeyCommand::KeyCommand(ProfileStore *profiles, SecretStore *secrets, QObject *parent)
    : CliCommand(parent)
    , m_profiles(profiles)
    , m_secrets(secrets)
{}

void KeyCommand::start(const QStringList &arguments)
{
    const QString action = arguments.value(0);
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QCoreApplication::translate(
            "cli",
            "Store or remove a secret in the system keychain (Secret Service on Linux, the Keychain "
            "on macOS, Credential Manager on Windows).\n\n"
            "  key set PROFILE            the profile's API key, read from standard input\n"
            "  key rm PROFILE             remove it\n"
            "  key set --database URL     the password of the PostgreSQL user in URL, read from\n"
            "                             standard input (used when the URL and $PGPASSWORD have none)\n"
            "  key rm --database URL      remove it\n\n"
            "On a terminal the secret is typed without echo; otherwise all of standard input is the "
            "secret (e.g. 'pass show openai | confab-cli key set openai'). It is never taken from the "
            "command line, never written to a file and never printed.\n\n%1")
            .arg(exitCodeHelp()));
    parser.addPositionalArgument(QStringLiteral("set|rm"), QCoreApplication::translate("cli", "What to do."));
    parser.addPositionalArgument(QStringLiteral("PROFILE"),
                                 QCoreApplication::translate("cli", "The profile."));
    const QCommandLineOption database(
        QStringLiteral("database"),
        QCoreApplication::translate("cli",
                                    "A PostgreSQL password for this URL (postgresql://user@host[:port]/"
                                    "dbname, without the password) instead of a profile's key."),
        QStringLiteral("URL"));
    parser.addOption(database);
    if (!parse(parser, QStringLiteral("key"), arguments))
        return;
    const QStringList positional = parser.positionalArguments();
    if (action != u"set" && action != u"rm")
        return fail(ExitCode::Usage,
                    QCoreApplication::translate("cli", "key needs 'set' or 'rm'; see 'confab-cli "
                                                       "key --help'"));
    const bool set = action == u"set";

    if (parser.isSet(database)) {
        if (positional.size() != 1)
            return fail(
                ExitCode::Usage,
                QCoreApplication::translate("cli", "key %1 --database URL takes no profile").arg(action));
        const QString url = parser.value(database).trimmed();
        if (!url.startsWith(u"postgres", Qt::CaseInsensitive))
            return fail(ExitCode::Usage,
                        QCoreApplication::translate(
                            "cli", "--database needs a postgresql:// URL (a SQLite file has no "
                                   "password)"));
        if (!QUrl(url).password().isEmpty())
            return fail(ExitCode::Usage, QCoreApplication::translate(
                                             "cli", "the URL holds a password: give it without one (a "
                                                    "password on a command line is seen by other "
                                                    "programs); the password is read from standard input"));
        QString error;
        const std::optional<DatabaseConfig> config = DatabaseConfig::parse(url, &error);
        if (!config)
            return fail(ExitCode::Usage, error);
        const QString what =
            QCoreApplication::translate("cli", "the password for %1").arg(config->displayName());
        if (set)
            return this->set(
                SecretStore::databaseKey(*config), what,
                QCoreApplication::translate("cli", "Password for %1: ").arg(config->displayName()));
        return remove(
            SecretStore::databaseKey(*config), what,
            QCoreApplication::translate("cli", "no password for %1 was stored").arg(config->displayName()));
    }

    if (positional.size() != 2)
        return fail(ExitCode::Usage, QCoreApplication::translate(
                                         "cli", "key %1 takes one PROFILE (or --database URL); the key is "
                                                "read from standard input, never from the command line")
                                         .arg(action));
    const std::optional<ProviderProfile> profile = m_profiles->profile(positional.at(1));
    if (!profile)
        return fail(ExitCode::NoSuchProfile,
                    QCoreApplication::translate("cli",
                                                "no profile named '%1'; 'confab-cli profiles list' shows "
                                                "them and 'confab-cli profiles add' makes one")
                        .arg(positional.at(1)));
    const QString what = QCoreApplication::translate("cli", "the key of profile '%1'").arg(profile->name);
    if (set)
        return this->set(SecretStore::providerKey(profile->name), what,
                         QCoreApplication::translate("cli", "API key for profile '%1': ").arg(profile->name));
    remove(SecretStore::providerKey(profile->name), what,
           QCoreApplication::translate("cli", "no key of profile '%1' was stored").arg(profile->name));
}

void KeyCommand::set(const QString &entry, const QString &what, const QString &prompt)
{
    QByteArray secret = Console::readSecret(prompt);
    if (secret.isEmpty())
        return fail(ExitCode::Usage,
                    QCoreApplication::translate("cli", "nothing was read from standard input: "
                                                       "type or pipe the secret"));
    const QString text = QString::fromUtf8(secret);
    secret.fill('\0');
    if (text.contains(u'\n'))
        return fail(ExitCode::Usage,
                    QCoreApplication::translate("cli", "the secret spans several lines: give "
                                                       "one line"));
    onFinished(m_secrets->write(entry, text), this, [this, what](const SecretError &error) {
        if (error.isError())
            return failWith(error);
        Console::note(QCoreApplication::translate("cli", "stored %1 in the keychain").arg(what));
        finish(ExitCode::Ok);
    });
}

void KeyCommand::remove(const QString &entry, const QString &what, const QString &nothing)
{
    // Read first, to say whether there was one: keychains differ in reporting that on delete.
    onFinished(m_secrets->read(entry), this, [this, entry, what, nothing](const SecretResult &read) {
        if (read.error.kind == SecretError::Kind::NotFound) {
            Console::note(nothing);
            return finish(ExitCode::Ok);
        }
        if (!read.ok())
            return failWith(read.error);
        onFinished(m_secrets->remove(entry), this, [this, what](const SecretError &error) {
            if (error.isError())
                return failWith(error);
            Console::note(QCoreApplication::translate("cli", "removed %1 from the keychain").arg(what));
            finish(ExitCode::Ok);
        });
    });
}

void KeyCommand::failWith(const SecretError &error)
{
    fail(ExitCode::Keychain, error.message);
}
