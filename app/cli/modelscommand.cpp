// SPDX-License-Identifier: GPL-3.0-or-later
#include "modelscommand.h"

#include "console.h"
#include "provideroptions.h"
#include "providers/modellistreply.h"
#include "providers/openaiprovider.h"

#include <QCommandLineParser>
#include <QCoreApplication>

ModelsCommand::ModelsCommand(QNetworkAccessManager *network, QObject *parent)
    : CliCommand(parent)
    , m_network(network)
{}

void ModelsCommand::start(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QCoreApplication::translate("cli", "List the models the server offers, one per line.\n\n%1")
            .arg(exitCodeHelp()));
    ProviderOptions providerOptions;
    providerOptions.addTo(parser);
    if (!parse(parser, QStringLiteral("models"), arguments))
        return;
    if (!parser.positionalArguments().isEmpty())
        return fail(ExitCode::Usage, QCoreApplication::translate("cli", "models takes no arguments"));
    if (const QString error = providerOptions.read(parser); !error.isEmpty())
        return fail(ExitCode::Usage, error);

    auto *provider = new OpenAiProvider(m_network, providerOptions.config(), this);
    ModelListReply *reply = provider->listModels();
    reply->setParent(this);
    connect(reply, &ModelListReply::finished, this, [this](const QStringList &ids) {
        QByteArray out;
        for (const QString &id : ids)
            out += id.toUtf8() + '\n';
        Console::writeOut(out);
        Console::flushOut();
        finish(ExitCode::Ok);
    });
    connect(reply, &ModelListReply::failed, this,
            [this](const ProviderError &error) { fail(exitCodeFor(error.kind), error.message()); });
}
