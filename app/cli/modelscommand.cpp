// SPDX-License-Identifier: GPL-3.0-or-later
#include "modelscommand.h"

#include "futurecallback.h"
#include "console.h"
#include "provideroptions.h"
#include "chatprovider.h"
#include "modellistreply.h"
#include "providerfactory.h"
#include "modelcache.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QLocale>

ModelsCommand::ModelsCommand(QNetworkAccessManager *network, ProfileStore *profiles, SecretStore *secrets,
                             QObject *parent)
    : CliCommand(parent)
    , m_network(network)
    , m_profiles(profiles)
    , m_secrets(secrets)
    , m_cache(new ModelCache(ModelCache::defaultDirectory(), this))
{}

void ModelsCommand::start(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QCoreApplication::translate("cli", "List the models the profile's server offers, one per line. When "
                                           "the server cannot be reached, the list it gave last time is "
                                           "printed, with a warning on standard error.\n\n%1")
            .arg(exitCodeHelp()));
    ProviderOptions providerOptions;
    providerOptions.addTo(parser);
    if (!parse(parser, QStringLiteral("models"), arguments))
        return;
    if (!parser.positionalArguments().isEmpty())
        return fail(ExitCode::Usage, QCoreApplication::translate("cli", "models takes no arguments"));
    if (const QString error = providerOptions.read(parser); !error.isEmpty())
        return fail(ExitCode::Usage, error);
    onFinished(providerOptions.resolve(m_profiles, m_secrets, {}), this,
               [this](const ProviderResolution &resolution) {
                   if (!resolution.ok())
                       return fail(ProviderOptions::exitCodeFor(resolution.error), resolution.message);
                   list(resolution.provider);
               });
}

void ModelsCommand::list(const ResolvedProvider &provider)
{
    ChatProvider *chat = createProvider(provider.kind, m_network, provider.config, this);
    ModelListReply *reply = chat->listModels();
    reply->setParent(this);
    connect(reply, &ModelListReply::finished, this, [this, provider](const QStringList &ids) {
        print(ids);
        onFinished(
            m_cache->store(provider.profile.name, provider.config.baseUrl, ids), this,
            [this](const QString &error) {
                if (!error.isEmpty())
                    Console::warning(
                        QCoreApplication::translate("cli", "the model list was not cached: %1").arg(error));
                finish(ExitCode::Ok);
            });
    });
    connect(reply, &ModelListReply::failed, this,
            [this, provider](const ProviderError &error) { printCachedOr(provider, error); });
}

void ModelsCommand::printCachedOr(const ResolvedProvider &provider, const ProviderError &error)
{
    const bool unreachable =
        error.kind == ProviderError::Kind::Network || error.kind == ProviderError::Kind::Timeout;
    if (!unreachable)
        return fail(exitCodeFor(error.kind), error.message());
    onFinished(m_cache->load(provider.profile.name, provider.config.baseUrl), this,
               [this, error](const std::optional<CachedModels> &cached) {
                   if (!cached)
                       return fail(exitCodeFor(error.kind), error.message());
                   Console::warning(
                       QCoreApplication::translate("cli", "%1; these are the models it listed on %2")
                           .arg(error.message(), cached->fetchedAt.toString(Qt::ISODate)));
                   print(cached->models);
                   finish(ExitCode::Ok);
               });
}

void ModelsCommand::print(const QStringList &ids)
{
    QByteArray out;
    for (const QString &id : ids)
        out += id.toUtf8() + '\n';
    Console::writeOut(out);
    Console::flushOut();
}
