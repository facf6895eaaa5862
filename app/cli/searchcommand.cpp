// SPDX-License-Identifier: GPL-3.0-or-later
#include "searchcommand.h"

#include "console.h"
#include "conversationstore.h"
#include "futurecallback.h"
#include "recordjson.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFuture>

namespace {
// The store marks a match with \x02 … \x03: bold on a terminal, [brackets] elsewhere.
QString renderSnippet(QString snippet, bool terminal)
{
    snippet.replace(u'\x02', terminal ? QStringLiteral("\x1b[1m") : QStringLiteral("["));
    snippet.replace(u'\x03', terminal ? QStringLiteral("\x1b[22m") : QStringLiteral("]"));
    return snippet.simplified();
}
} // namespace

void SearchCommand::start(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QCoreApplication::translate(
            "cli",
            "Find the conversations whose messages or titles contain every word of QUERY (a word also "
            "matches as a prefix; case and accents do not matter). Prints, for each hit, the "
            "conversation's id and title, then the matching text with the words marked.\n"
            "A match in a reply's thinking rather than its answer is marked (in thinking).\n"
            "With --json: an array of {\"conversation_id\",\"message_id\",\"title\",\"snippet\","
            "\"in_reasoning\"}, best first; message_id is null when the title matched, the snippet marks "
            "each match with \\u0002 … \\u0003, and in_reasoning is true for a match in the thinking.\n\n%1")
            .arg(exitCodeHelp()));
    parser.addPositionalArgument(QStringLiteral("QUERY"),
                                 QCoreApplication::translate("cli", "The words to find."));
    const QCommandLineOption limit(QStringLiteral("limit"),
                                   QCoreApplication::translate("cli", "At most N hits (default: 20)."),
                                   QStringLiteral("N"));
    parser.addOption(limit);
    m_options.addTo(parser);
    if (!parse(parser, QStringLiteral("search"), arguments))
        return;
    const QString query = parser.positionalArguments().join(u' ');
    if (query.trimmed().isEmpty())
        return fail(ExitCode::Usage,
                    QCoreApplication::translate("cli", "search needs a QUERY: the words to find"));
    int count = 20;
    if (parser.isSet(limit)) {
        bool ok = false;
        count = parser.value(limit).toInt(&ok);
        if (!ok || count < 1 || count > 10000)
            return fail(ExitCode::Usage, QCoreApplication::translate(
                                             "cli", "invalid --limit '%1': give a number from 1 to 10000")
                                             .arg(parser.value(limit)));
    }
    if (const QString error = m_options.read(parser); !error.isEmpty())
        return fail(ExitCode::Usage, error);

    withDatabasePassword([this, query, count] {
        onFinished(
            openStore()->search(query, count, 0), this, [this](const StorageResult<QList<SearchHit>> &hits) {
                if (!hits.ok())
                    return failWith(hits.error);
                if (m_options.json()) {
                    QJsonArray array;
                    for (const SearchHit &hit : hits.value)
                        array.append(RecordJson::searchHit(hit));
                    RecordJson::print(array);
                    return finish(ExitCode::Ok);
                }
                const bool terminal = Console::stdoutIsTerminal();
                QByteArray out;
                for (const SearchHit &hit : hits.value) {
                    const QString title = hit.title.isEmpty()
                                              ? QCoreApplication::translate("cli", "(untitled)")
                                              : hit.title.simplified();
                    QString snippet = renderSnippet(hit.snippet, terminal);
                    if (hit.inReasoning)
                        snippet.prepend(QCoreApplication::translate("cli", "(in thinking) "));
                    out +=
                        QStringLiteral("%1  %2\n    %3\n").arg(hit.conversationId, title, snippet).toUtf8();
                }
                Console::writeOut(out);
                Console::flushOut();
                finish(ExitCode::Ok);
            });
    });
}
