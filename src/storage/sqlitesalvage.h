// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

class Database;

// Copies what can still be read from a damaged SQLite history into a fresh one, using SQLite's
// own means: the damaged file is attached and read table by table, in ranges of rows; a range
// that fails to read is halved until the rows that cannot be read are left behind alone.
// Conversations come first, then their messages (ids, parents and times unchanged, so their
// order and branches are kept); messages whose conversation row is lost get a conversation of
// their own, so that nothing readable is hidden.
class SqliteSalvage
{
public:
    struct Result
    {
        int conversations = 0;
        int messages = 0;
    };

    // `db` is the open, migrated, new database; `damagedPath` the file set aside.
    static Result copy(Database &db, const QString &damagedPath);
};
