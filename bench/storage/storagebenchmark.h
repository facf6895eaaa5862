// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "latencyseries.h"
#include "searchqueryset.h"

#include <QList>
#include <QString>

class Database;

// Times what the app runs, through its own repositories on a freshly opened connection: the
// first page of the conversation list, the first page of the long conversation, and the
// searches. Each operation runs once untimed first (warm), then is timed with QElapsedTimer.
class StorageBenchmark
{
public:
    struct Operation
    {
        QString key; // list, branch, siblings, positions, search
        QString label;
        double targetMs = 0;
        LatencySeries latency;
    };
    struct SearchRun
    {
        SearchQuerySet::Query query;
        double ms = 0;
        int hits = 0;
    };

    StorageBenchmark(Database &db, int listPage, int branchPage, int searchPage);

    // Fills operations() and searchRuns(); false with `error` set when an operation fails or
    // returns what it should not (the figures would mean nothing).
    bool run(const QString &bigConversationId, int repetitions, const QList<SearchQuerySet::Query> &queries,
             QString *error);

    const QList<Operation> &operations() const { return m_operations; }
    const QList<SearchRun> &searchRuns() const { return m_searchRuns; }
    const QStringList &warnings() const { return m_warnings; }

private:
    Database &m_db;
    int m_listPage;
    int m_branchPage;
    int m_searchPage;
    QList<Operation> m_operations;
    QList<SearchRun> m_searchRuns;
    QStringList m_warnings;
};
