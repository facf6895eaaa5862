// SPDX-License-Identifier: GPL-3.0-or-later
#include "listcommand.h"

#include "futurecallback.h"
#include "console.h"
#include "conversationstore.h"
#include "recordjson.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFuture>

#include <algorithm>

namespace {
constexpr int pageSize = 200;
}

void ListCommand::start(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QCoreApplication::translate(
            "cli", "List the stored conversations, pinned ones first, then the most recently updated: the "
                   "full id, the time of the last change and the title, one per line.\n"
                   "With --json: an array of {\"id\",\"title\",\"created_at\",\"updated_at\",\"pinned\","
                   "\"archived\",\"message_count\"}.\n\n%1")
            .arg(exitCodeHelp()));
    const QCommandLineOption archived(QStringLiteral("archived"),
                                      QCoreApplication::translate("cli", "Only the archived conversations."));
    const QCommandLineOption all(QStringLiteral("all"),
                                 QCoreApplication::translate("cli", "The archived conversations too."));
    const QCommandLineOption limit(
        QStringLiteral("limit"),
        QCoreApplication::translate("cli", "At most N conversations (default: all)."), QStringLiteral("N"));
    parser.addOption(archived);
    parser.addOption(all);
    parser.addOption(limit);
    m_options.addTo(parser);
    if (!parse(parser, QStringLiteral("list"), arguments))
        return;
    if (!parser.positionalArguments().isEmpty())
        return fail(ExitCode::Usage, QCoreApplication::translate("cli", "list takes no arguments"));
    if (parser.isSet(archived) && parser.isSet(all))
        return fail(ExitCode::Usage,
                    QCoreApplication::translate("cli", "give --archived or --all, not both"));
    if (parser.isSet(limit)) {
        bool ok = false;
        m_limit = parser.value(limit).toInt(&ok);
        if (!ok || m_limit < 1)
            return fail(ExitCode::Usage, QCoreApplication::translate(
                                             "cli", "invalid --limit '%1': give a whole number, 1 or more")
                                             .arg(parser.value(limit)));
    }
    if (const QString error = m_options.read(parser); !error.isEmpty())
        return fail(ExitCode::Usage, error);

    m_query.archived = parser.isSet(archived) ? ConversationQuery::Archived::Only
                       : parser.isSet(all)    ? ConversationQuery::Archived::Included
                                              : ConversationQuery::Archived::Hidden;
    withDatabasePassword([this] {
        openStore();
        fetchPage();
    });
}

// The store pages pinned conversations first, each run newest first. `list` is newest first
// overall: the pinned run (usually short) and the first `limit` others are read and merged.
void ListCommand::fetchPage()
{
    m_query.limit = pageSize;
    onFinished(store()->listConversations(m_query), this,
               [this](const StorageResult<QList<ConversationRecord>> &page) {
                   if (!page.ok())
                       return failWith(page.error);
                   m_rows += page.value;
                   const auto unpinned =
                       std::count_if(m_rows.cbegin(), m_rows.cend(),
                                     [](const ConversationRecord &row) { return !row.pinned; });
                   const bool more =
                       page.value.size() == m_query.limit && (m_limit < 0 || unpinned < m_limit);
                   if (!more)
                       return print();
                   const ConversationRecord &last = page.value.constLast();
                   m_query.afterSet = true;
                   m_query.afterPinned = last.pinned;
                   m_query.afterUpdatedAt = last.updatedAt;
                   m_query.afterId = last.id;
                   fetchPage();
               });
}

void ListCommand::print()
{
    std::stable_sort(m_rows.begin(), m_rows.end(),
                     [](const ConversationRecord &a, const ConversationRecord &b) {
                         return a.updatedAt != b.updatedAt ? a.updatedAt > b.updatedAt : a.id > b.id;
                     });
    if (m_limit >= 0 && m_rows.size() > m_limit)
        m_rows.resize(m_limit);
    if (m_options.json()) {
        QJsonArray array;
        for (const ConversationRecord &row : std::as_const(m_rows))
            array.append(RecordJson::listEntry(row));
        RecordJson::print(array);
        return finish(ExitCode::Ok);
    }
    QByteArray out;
    for (const ConversationRecord &row : std::as_const(m_rows)) {
        QString flags;
        if (row.pinned)
            flags += QCoreApplication::translate("cli", "[pinned] ");
        if (row.archived)
            flags += QCoreApplication::translate("cli", "[archived] ");
        const QString title =
            row.title.isEmpty() ? QCoreApplication::translate("cli", "(untitled)") : row.title;
        out += QStringLiteral("%1  %2  %3%4\n")
                   .arg(row.id, row.updatedAt.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm")),
                        flags, title.simplified())
                   .toUtf8();
    }
    Console::writeOut(out);
    Console::flushOut();
    finish(ExitCode::Ok);
}
