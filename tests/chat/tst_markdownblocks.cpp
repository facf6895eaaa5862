// SPDX-License-Identifier: GPL-3.0-or-later
#include "tst_markdownblocks.h"

int main(int argc, char **argv)
{
    // Rich text needs fonts, not a screen.
    if (!qEnvironmentVariableIsSet("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);
    TestMarkdownBlocks test;
    return QTest::qExec(&test, argc, argv);
}
