// SPDX-License-Identifier: GPL-3.0-or-later
#include "storagebenchmark.h"

#include "conversationrepository.h"
#include "database.h"
#include "searchrepository.h"

#include <QElapsedTimer>

#include <cstdio>
#include <functional>

using namespace Qt::StringLiterals;

namespace {

double msSince(const QElapsedTimer &timer)
{
    return double(timer.nsecsElapsed()) / 1e6;
}

QString describe(const StorageError &error)
{
    return error.message + u" ("_s + error.detail + u')';
}

} // namespace

StorageBenchmark::StorageBenchmark(Database &db, int listPage, int branchPage, int searchPage)
    : m_db(db)
    , m_listPage(listPage)
    , m_branchPage(branchPage)
    , m_searchPage(searchPage)
{}

bool StorageBenchmark::run(const QString &bigConversationId, int repetitions,
                           const QList<SearchQuerySet::Query> &queries, QString *error)
{
    ConversationRepository conversations(m_db);
    SearchRepository search(m_db);
    QElapsedTimer timer;

    // The conversation list as the sidebar first loads it: not archived, pinned first, newest.
    Operation list{u"list"_s, u"Conversation list, first page (%1)"_s.arg(m_listPage), 20, {}};
    ConversationQuery query;
    query.limit = m_listPage;
    for (int i = 0; i <= repetitions; ++i) {
        timer.start();
        const auto page = conversations.listConversations(query);
        const double ms = msSince(timer);
        if (!page.ok()) {
            *error = u"listConversations failed: "_s + describe(page.error);
            return false;
        }
        if (page.value.size() != m_listPage) {
            *error = u"listConversations returned %1 conversations, not %2"_s.arg(page.value.size())
                         .arg(m_listPage);
            return false;
        }
        if (i > 0)
            list.latency.add(ms);
    }
    m_operations.append(list);

    // The long conversation as it opens: the newest messages of its current branch.
    Operation branch{
        u"branch"_s, u"10,000-message conversation, first page (%1)"_s.arg(m_branchPage), 20, {}};
    for (int i = 0; i <= repetitions; ++i) {
        timer.start();
        const auto page = conversations.branch(bigConversationId, QString(), m_branchPage);
        const double ms = msSince(timer);
        if (!page.ok()) {
            *error = u"branch failed: "_s + describe(page.error);
            return false;
        }
        if (page.value.size() != m_branchPage) {
            *error = u"branch returned %1 messages, not %2"_s.arg(page.value.size()).arg(m_branchPage);
            return false;
        }
        if (i > 0)
            branch.latency.add(ms);
    }
    m_operations.append(branch);

    // The branch switcher's positions for that page: one siblings() per message, as the view
    // read them before, and one branchPositions() for the page.
    const auto page = conversations.branch(bigConversationId, QString(), m_branchPage);
    QStringList pageIds;
    for (const MessageRecord &message : page.value)
        pageIds.append(message.id);
    const auto timePositions = [&](Operation operation, const std::function<qsizetype()> &positions) {
        for (int i = 0; i <= repetitions; ++i) {
            timer.start();
            const qsizetype found = positions();
            const double ms = msSince(timer);
            if (found != pageIds.size()) {
                *error = u"%1: positions for %2 of %3 messages"_s.arg(operation.key)
                             .arg(found)
                             .arg(pageIds.size());
                return false;
            }
            if (i > 0)
                operation.latency.add(ms);
        }
        m_operations.append(operation);
        return true;
    };
    const bool positionsOk =
        timePositions({u"siblings"_s, u"Its branch positions, siblings() per message"_s, 20, {}},
                      [&] {
                          qsizetype found = 0;
                          for (const QString &id : std::as_const(pageIds))
                              found += conversations.siblings(id).ok() ? 1 : 0;
                          return found;
                      }) &&
        timePositions({u"positions"_s, u"Its branch positions, one branchPositions()"_s, 20, {}},
                      [&] { return conversations.branchPositions(pageIds).value.size(); });
    if (!positionsOk)
        return false;

    // Searches: one untimed pass over all of them, then one timed pass.
    Operation searches{u"search"_s,
                       u"Search, %1 varied queries, first page (%2)"_s.arg(queries.size()).arg(m_searchPage),
                       100,
                       {}};
    for (int pass = 0; pass < 2; ++pass) {
        for (const SearchQuerySet::Query &q : queries) {
            timer.start();
            const auto hits = search.search(q.text, m_searchPage, 0);
            const double ms = msSince(timer);
            if (!hits.ok()) {
                *error = u"search for \"%1\" failed: "_s.arg(q.text) + describe(hits.error);
                return false;
            }
            if (pass == 0)
                continue;
            searches.latency.add(ms);
            m_searchRuns.append({q, ms, int(hits.value.size())});
            if (q.expectedHits >= 0 && hits.value.size() != std::min(q.expectedHits, m_searchPage))
                m_warnings.append(u"search \"%1\" (%2) gave %3 hits; the corpus has it in %4 messages"_s.arg(
                    q.text, q.kind, QString::number(hits.value.size()), QString::number(q.expectedHits)));
        }
    }
    m_operations.append(searches);
    return true;
}
