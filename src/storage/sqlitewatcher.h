// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>
#include <QStringList>
#include <QTimer>

#include <chrono>

class Database;

// Notices what other programs (confab-cli, another window) commit to the same SQLite history,
// as PostgreSQL's notifications do there: once a second it asks PRAGMA data_version, which
// moves only for commits made by other connections, and then reports the conversations updated
// since the newest one it saw. Lives on the storage thread, with the connection.
class SqliteWatcher : public QObject
{
    Q_OBJECT

public:
    static constexpr std::chrono::milliseconds interval{1000};

    explicit SqliteWatcher(QObject *parent = nullptr);

    // Starts watching `db` (which outlives the watching, until stop()) from what it holds now.
    void start(Database *db);
    void stop();

Q_SIGNALS:
    // `everything`: a conversation went, so only a full reload shows it gone.
    void changed(const QStringList &conversationIds, bool everything);

private:
    void check();
    bool readCount();

    Database *m_db = nullptr;
    QTimer m_timer;
    qint64 m_dataVersion = -1;
    qint64 m_seenUpdatedAt = 0; // the newest conversation change seen
    qint64 m_conversationCount = -1;
};
