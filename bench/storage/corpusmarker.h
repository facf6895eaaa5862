// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "storageerror.h"

#include <QHash>
#include <QString>

class Database;

// A small table of the benchmark's own, bench_corpus(key, value), that says a database holds a
// generated corpus and which one (spec, generator version, whether loading finished, how long
// it took), so a later run can reuse it and nothing else is ever wiped.
class CorpusMarker
{
public:
    using Values = QHash<QString, QString>;

    static Values read(Database &db); // empty when there is none
    static StorageError write(Database &db, const Values &values);
};
