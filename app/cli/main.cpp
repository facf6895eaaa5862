// SPDX-License-Identifier: GPL-3.0-or-later
#include "cliapplication.h"
#include "console.h"

#include <QCoreApplication>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("confab-cli"));
    QCoreApplication::setOrganizationName(QStringLiteral("Confab"));
    QCoreApplication::setApplicationVersion(QStringLiteral(CONFAB_VERSION));
    Console::setUp();

    CliApplication cli;
    QObject::connect(&cli, &CliApplication::finished, &app, &QCoreApplication::exit, Qt::QueuedConnection);
    cli.start(QCoreApplication::arguments());
    return app.exec();
}
