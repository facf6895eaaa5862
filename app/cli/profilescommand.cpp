// SPDX-License-Identifier: GPL-3.0-or-later
#include "profilescommand.h"

#include "futurecallback.h"
#include "console.h"
#include "modelcache.h"
#include "profilepreset.h"
#include "profilestore.h"
#include "profilevalidation.h"
#include "secretstore.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace {

QString cliText(const char *text)
{
    return QCoreApplication::translate("cli", text);
}

ExitCode exitCodeFor(const ProfileError &error)
{
    return error.kind == ProfileError::Kind::NotFound ? ExitCode::NoSuchProfile : ExitCode::Usage;
}

} // namespace

ProfilesCommand::ProfilesCommand(ProfileStore *profiles, SecretStore *secrets, QObject *parent)
    : CliCommand(parent)
    , m_profiles(profiles)
    , m_secrets(secrets)
{}

void ProfilesCommand::start(const QStringList &arguments)
{
    const QString action = arguments.value(0);
    QCommandLineParser parser;
    parser.setApplicationDescription(
        cliText(
            "The provider profiles confab and confab-cli share: a server, the format it speaks, a default "
            "model and extra headers. Keys are kept in the keychain ('confab-cli key set PROFILE').\n\n"
            "  profiles list [--json]      every profile, the current one marked with '*'\n"
            "  profiles add NAME --kind KIND|--preset PRESET [--base-url URL] [--model NAME]\n"
            "               [--header 'Name: value']...\n"
            "  profiles edit NAME [--base-url URL] [--model NAME] [--header 'Name: value']...\n"
            "                              change a profile ('openai' too); an empty value clears the\n"
            "                              URL or model, --header replaces all the headers\n"
            "  profiles rm NAME            remove the profile and its key ('openai' cannot be removed)\n"
            "  profiles use NAME           make it the current profile\n\n"
            "Kinds: openai, openai-compatible, anthropic, gemini. Presets: %1 (ollama, lmstudio, llamacpp "
            "and vllm take no key).\n\n%2")
            .arg(ProfilePreset::idList(), exitCodeHelp()));
    parser.addPositionalArgument(QStringLiteral("list|add|edit|rm|use"), cliText("What to do."));
    parser.addPositionalArgument(QStringLiteral("NAME"), cliText("The profile's name."));
    const QCommandLineOption json(QStringLiteral("json"), cliText("list: print JSON."));
    const QCommandLineOption kind(QStringLiteral("kind"), cliText("add: the format the server speaks."),
                                  QStringLiteral("KIND"));
    const QCommandLineOption preset(QStringLiteral("preset"), cliText("add: start from a known server."),
                                    QStringLiteral("PRESET"));
    const QCommandLineOption baseUrl(QStringLiteral("base-url"), cliText("add: the server's API base URL."),
                                     QStringLiteral("URL"));
    const QCommandLineOption model(QStringLiteral("model"), cliText("add: the default model."),
                                   QStringLiteral("NAME"));
    const QCommandLineOption header(
        QStringLiteral("header"),
        cliText("add: a header sent with every request (repeatable; never a secret)."),
        QStringLiteral("'Name: value'"));
    parser.addOptions({json, kind, preset, baseUrl, model, header});
    if (!parse(parser, QStringLiteral("profiles"), arguments))
        return;
    const QStringList positional = parser.positionalArguments();

    if (action == u"list") {
        if (positional.size() != 1)
            return fail(ExitCode::Usage, cliText("profiles list takes no NAME"));
        return list(parser.isSet(json));
    }
    if (action == u"add") {
        if (positional.size() != 2)
            return fail(ExitCode::Usage, cliText("profiles add takes one NAME"));
        return add(parser, positional);
    }
    if (action == u"edit") {
        if (positional.size() != 2)
            return fail(ExitCode::Usage, cliText("profiles edit takes one NAME"));
        return edit(parser, positional.at(1));
    }
    if (action == u"rm" || action == u"use") {
        if (positional.size() != 2)
            return fail(ExitCode::Usage, cliText("profiles %1 takes one NAME").arg(action));
        return action == u"rm" ? remove(positional.at(1)) : use(positional.at(1));
    }
    fail(ExitCode::Usage,
         cliText("profiles needs list, add, edit, rm or use; see 'confab-cli profiles --help'"));
}

void ProfilesCommand::list(bool json)
{
    m_json = json;
    m_listed = m_profiles->profiles();
    m_keyStored.clear();
    checkNextKey();
}

void ProfilesCommand::checkNextKey()
{
    if (m_keyStored.size() == m_listed.size())
        return printList();
    const ProviderProfile &profile = m_listed.at(m_keyStored.size());
    // Once the keychain is known to be out of reach, asking again for each profile tells nothing.
    if (m_keychainError) {
        m_keyStored.append(std::nullopt);
        return checkNextKey();
    }
    onFinished(m_secrets->read(SecretStore::providerKey(profile.name)), this,
               [this](const SecretResult &read) {
                   if (read.ok()) {
                       m_keyStored.append(true);
                   } else if (read.error.kind == SecretError::Kind::NotFound) {
                       m_keyStored.append(false);
                   } else {
                       m_keyStored.append(std::nullopt);
                       m_keychainError = read.error;
                   }
                   checkNextKey();
               });
}

void ProfilesCommand::printList()
{
    const QString current = m_profiles->currentName();
    QByteArray out;
    QJsonArray array;
    for (qsizetype i = 0; i < m_listed.size(); ++i) {
        const ProviderProfile &p = m_listed.at(i);
        const std::optional<bool> stored = m_keyStored.at(i);
        if (m_json) {
            QJsonArray headers;
            for (const auto &[name, value] : p.extraHeaders)
                headers.append(QString::fromUtf8(name + ": " + value));
            array.append(QJsonObject{
                {QStringLiteral("name"), p.name},
                {QStringLiteral("kind"), ProviderKinds::id(p.kind)},
                {QStringLiteral("baseUrl"), p.effectiveBaseUrl().toString()},
                {QStringLiteral("defaultModel"),
                 p.defaultModel.isEmpty() ? QJsonValue() : QJsonValue(p.defaultModel)},
                {QStringLiteral("current"), p.name == current},
                {QStringLiteral("keyRequired"), p.keyRequired},
                {QStringLiteral("keyStored"), stored ? QJsonValue(*stored) : QJsonValue()},
                {QStringLiteral("headers"), headers},
            });
            continue;
        }
        const QString key = !stored         ? cliText("key unknown")
                            : *stored       ? cliText("key stored")
                            : p.keyRequired ? cliText("no key")
                                            : cliText("no key needed");
        out += QStringLiteral("%1 %2  %3  %4  %5  %6\n")
                   .arg(p.name == current ? QStringLiteral("*") : QStringLiteral(" "), p.name,
                        ProviderKinds::id(p.kind), p.effectiveBaseUrl().toString(),
                        p.defaultModel.isEmpty() ? QStringLiteral("-") : p.defaultModel, key)
                   .toUtf8();
    }
    if (m_json)
        out = QJsonDocument(array).toJson(QJsonDocument::Indented);
    Console::writeOut(out);
    Console::flushOut();
    if (m_keychainError)
        Console::warning(cliText("whether keys are stored is unknown: %1").arg(m_keychainError->message));
    finish(ExitCode::Ok);
}

void ProfilesCommand::add(const QCommandLineParser &parser, const QStringList &positional)
{
    const QString name = positional.at(1);
    const QString kindText = parser.value(QStringLiteral("kind"));
    const QString presetText = parser.value(QStringLiteral("preset"));
    std::optional<ProviderKind> kind;
    if (!kindText.isEmpty()) {
        kind = ProviderKinds::fromId(kindText);
        if (!kind)
            return fail(ExitCode::Usage,
                        cliText("unknown kind '%1': give openai, openai-compatible, anthropic or gemini")
                            .arg(kindText));
    }
    ProviderProfile profile;
    if (!presetText.isEmpty()) {
        const std::optional<ProfilePreset> preset = ProfilePreset::find(presetText);
        if (!preset)
            return fail(
                ExitCode::Usage,
                cliText("unknown preset '%1': give one of %2").arg(presetText, ProfilePreset::idList()));
        if (kind && *kind != preset->kind)
            return fail(ExitCode::Usage, cliText("the preset '%1' is of kind %2, not %3")
                                             .arg(preset->id, ProviderKinds::id(preset->kind), kindText));
        profile = preset->toProfile(name);
    } else if (kind) {
        profile.name = name;
        profile.kind = *kind;
        // A server of unknown make may or may not want a key: it is sent when stored.
        profile.keyRequired = *kind != ProviderKind::OpenAiCompatible;
    } else {
        return fail(ExitCode::Usage, cliText("profiles add needs --kind KIND or --preset PRESET"));
    }
    if (parser.isSet(QStringLiteral("base-url")))
        profile.baseUrl = QUrl(parser.value(QStringLiteral("base-url")).trimmed(), QUrl::StrictMode);
    profile.defaultModel = parser.value(QStringLiteral("model")).trimmed();
    for (const QString &text : parser.values(QStringLiteral("header"))) {
        ProfileError error;
        const auto header = ProfileValidation::parseHeader(text, &error);
        if (!header)
            return fail(ExitCode::Usage, error.message);
        profile.extraHeaders.append(*header);
    }
    if (const ProfileError error = m_profiles->add(profile); error.isError())
        return fail(exitCodeFor(error), error.message);
    Console::note(cliText("added profile '%1' (%2, %3)")
                      .arg(profile.name, ProviderKinds::displayName(profile.kind),
                           profile.effectiveBaseUrl().toString()));
    finish(ExitCode::Ok);
}

void ProfilesCommand::edit(const QCommandLineParser &parser, const QString &name)
{
    std::optional<ProviderProfile> profile = m_profiles->profile(name);
    if (!profile)
        return fail(ExitCode::NoSuchProfile,
                    cliText("no profile named '%1'; 'confab-cli profiles list' shows them").arg(name));
    if (parser.isSet(QStringLiteral("kind")) || parser.isSet(QStringLiteral("preset")))
        return fail(ExitCode::Usage, cliText("a profile's kind cannot change: remove it and add it again"));
    if (parser.isSet(QStringLiteral("base-url")))
        profile->baseUrl = QUrl(parser.value(QStringLiteral("base-url")).trimmed(), QUrl::StrictMode);
    if (parser.isSet(QStringLiteral("model")))
        profile->defaultModel = parser.value(QStringLiteral("model")).trimmed();
    if (parser.isSet(QStringLiteral("header"))) {
        profile->extraHeaders.clear();
        for (const QString &text : parser.values(QStringLiteral("header"))) {
            if (text.trimmed().isEmpty())
                continue; // --header '' clears them
            ProfileError error;
            const auto header = ProfileValidation::parseHeader(text, &error);
            if (!header)
                return fail(ExitCode::Usage, error.message);
            profile->extraHeaders.append(*header);
        }
    }
    if (const ProfileError error = m_profiles->update(*profile); error.isError())
        return fail(exitCodeFor(error), error.message);
    Console::note(cliText("changed profile '%1'").arg(profile->name));
    finish(ExitCode::Ok);
}

void ProfilesCommand::remove(const QString &name)
{
    const std::optional<ProviderProfile> profile = m_profiles->profile(name);
    if (const ProfileError error = m_profiles->remove(name); error.isError())
        return fail(exitCodeFor(error), error.message);
    // Its key and its cached model list go with it; a keychain out of reach leaves the key,
    // and says so.
    auto *cache = new ModelCache(ModelCache::defaultDirectory(), this);
    cache->remove(profile->name);
    onFinished(m_secrets->remove(SecretStore::providerKey(profile->name)), this,
               [this, name = profile->name](const SecretError &error) {
                   if (error.isError()) {
                       Console::note(cliText("removed profile '%1'").arg(name));
                       return fail(ExitCode::Keychain,
                                   cliText("its key may still be in the keychain: %1").arg(error.message));
                   }
                   Console::note(cliText("removed profile '%1' and its key").arg(name));
                   finish(ExitCode::Ok);
               });
}

void ProfilesCommand::use(const QString &name)
{
    if (const ProfileError error = m_profiles->setCurrent(name); error.isError())
        return fail(exitCodeFor(error), error.message);
    Console::note(cliText("'%1' is now the current profile").arg(m_profiles->currentName()));
    finish(ExitCode::Ok);
}
