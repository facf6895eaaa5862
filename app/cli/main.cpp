// SPDX-License-Identifier: GPL-3.0-or-later
#include "cliapplication.h"
#include "console.h"

#include <QCoreApplication>
#include <QLoggingCategory>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("confab-cli"));
    QCoreApplication::setOrganizationName(QStringLiteral("Confab"));
    QCoreApplication::setApplicationVersion(QStringLiteral(CONFAB_VERSION));
    Console::setUp();
    // The commands report a storage failure themselves, in one line; the store's own warnings
    // (each retry, with the driver's text) are for the app's log, or QT_LOGGING_RULES here.
    QLoggingCategory::setFilterRules(QStringLiteral("confab.storage.warning=false"));

    CliApplication cli;
    QObject::connect(&cli, &CliApplication::finished, &app, &QCoreApplication::exit, Qt::QueuedConnection);
    cli.start(QCoreApplication::arguments());
    return app.exec();
}
