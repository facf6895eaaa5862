// SPDX-License-Identifier: GPL-3.0-or-later
// Any text into DatabaseConfig::parse, as --database, $CONFAB_DATABASE or the setting would give
// it. Besides not crashing, a refusal says why, and a PostgreSQL URL's password never reaches a
// message: whatever the text around it, a password written into the URL appears neither in the
// error nor in displayName().
//
// Input: byte 0 chooses. Even: the rest is the text as it is. Odd: the rest is
// "user\npassword\nhost-and-after", made into postgresql://user:password@host-and-after with a
// password that starts and ends with a marker the checks look for.
#include "fuzzcheck.h"

#include "databaseconfig.h"

#include <QRegularExpression>
#include <QString>
#include <QtGlobal>

#include <cstdio>

using namespace Qt::StringLiterals;
using FuzzCheck::check;

namespace {

const QString marker = u"Zq7pWm"_s;

} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    // QFileInfo warns of every path with a NUL in it; the checks say all that matters.
    qInstallMessageHandler([](QtMsgType, const QMessageLogContext &, const QString &) {});
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const QString input = QString::fromUtf8(reinterpret_cast<const char *>(data) + 1, qsizetype(size) - 1);
    if (data[0] % 2 == 0) {
        QString error;
        const std::optional<DatabaseConfig> config = DatabaseConfig::parse(input, &error);
        check(config.has_value() || !error.isEmpty(), "a refusal without a reason");
        return 0;
    }

    const QStringList parts = input.split(u'\n');
    if (parts.size() != 3 || input.contains(marker))
        return 0;
    const QString &user = parts.at(0);
    const QString password = marker + parts.at(1) + marker;
    // A password with an '@' leaves no way to tell where it ends; a user name with one of these
    // is no user name (the authority would end in it).
    static const QRegularExpression notInUser(u"[:@/?#]"_s);
    if (password.contains(u'@') || user.contains(notInUser))
        return 0;
    const QString text = u"postgresql://"_s + user + u':' + password + u'@' + parts.at(2);
    QString error;
    const std::optional<DatabaseConfig> config = DatabaseConfig::parse(text, &error);
    if (!config) {
        check(!error.isEmpty(), "a refusal without a reason");
        if (error.contains(marker)) {
            std::fprintf(stderr, "error: %s\n", qPrintable(error));
            FuzzCheck::fail("the password is in the error");
        }
        return 0;
    }
    if (config->displayName().contains(marker)) {
        std::fprintf(stderr, "displayName: %s\n", qPrintable(config->displayName()));
        FuzzCheck::fail("the password is in displayName()");
    }
    return 0;
}
