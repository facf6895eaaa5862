// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The asynchronous store on both backends: order, threads, status, and the faults it must
// ride out (a full disk, a PostgreSQL server that goes away and comes back).
#include "conversationstore.h"
#include "database.h"
#include "futurewait.h"
#include "testdatabases.h"

#include <QElapsedTimer>
#include <QProcess>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QUrl>
#include <QUuid>

#include <memory>
#include <optional>

#ifdef Q_OS_UNIX
#include <unistd.h>
#endif

using namespace Qt::StringLiterals;
using Status = ConversationStore::Status;

// Generous: the suite must pass on a loaded two-core machine.
constexpr int timeout = 30000;

inline QString newId()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

inline ConversationRecord newConversation(const QString &title = u"A chat"_s)
{
    ConversationRecord conversation;
    conversation.id = newId();
    conversation.title = title;
    conversation.createdAt = QDateTime::currentDateTimeUtc();
    conversation.updatedAt = conversation.createdAt;
    return conversation;
}

inline MessageRecord newMessage(const QString &conversationId, const QString &parentId,
                                const QString &content)
{
    MessageRecord message;
    message.id = newId();
    message.conversationId = conversationId;
    message.parentId = parentId;
    message.role = MessageRecord::Role::User;
    message.content = content;
    message.createdAt = QDateTime::currentDateTimeUtc();
    message.updatedAt = message.createdAt;
    return message;
}

inline QString postgresBin()
{
    return u"/usr/lib/postgresql/15/bin"_s;
}

// Runs a PostgreSQL tool as the postgres user when we are root (initdb refuses root).
inline int runAsPostgres(const QString &program, const QStringList &arguments, QString *output = nullptr)
{
    QProcess process;
#ifdef Q_OS_UNIX
    if (::getuid() == 0)
        process.start(u"runuser"_s, QStringList{u"-u"_s, u"postgres"_s, u"--"_s, program} + arguments);
    else
#endif
        process.start(program, arguments);
    if (!process.waitForFinished(120000))
        return -1;
    if (output)
        *output = QString::fromUtf8(process.readAllStandardOutput()).trimmed();
    return process.exitCode();
}

// A PostgreSQL server of the test's own, to stop and start at will.
class PrivateServer
{
public:
    explicit PrivateServer(const QString &dir)
        : m_dir(dir)
    {}
    ~PrivateServer() { QProcess::execute(script(), {u"stop"_s, m_dir}); }

    bool start(QString *url)
    {
        QProcess process;
        process.start(script(), {u"start"_s, m_dir});
        if (!process.waitForFinished(120000) || process.exitCode() != 0) {
            qWarning() << process.readAllStandardError();
            return false;
        }
        *url = QString::fromUtf8(process.readAllStandardOutput()).trimmed();
        m_port = QUrl(*url).port();
        return m_port > 0;
    }
    bool stop()
    {
        return runAsPostgres(postgresBin() + u"/pg_ctl"_s,
                             {u"-D"_s, m_dir + u"/data"_s, u"-m"_s, u"immediate"_s, u"-w"_s, u"stop"_s}) == 0;
    }
    bool restart()
    {
        // The options scripts/test-postgres.sh starts it with, on the same port.
        const QString options =
            u"-c listen_addresses=127.0.0.1 -p %1 -k %2 -c fsync=off -c synchronous_commit=off "
            u"-c full_page_writes=off -c max_connections=200"_s.arg(m_port)
                .arg(m_dir);
        return runAsPostgres(postgresBin() + u"/pg_ctl"_s,
                             {u"-D"_s, m_dir + u"/data"_s, u"-l"_s, m_dir + u"/data/server.log"_s, u"-w"_s,
                              u"-t"_s, u"60"_s, u"-o"_s, options, u"start"_s}) == 0;
    }

private:
    static QString script() { return QStringLiteral(CONFAB_TEST_DATA_DIR "/../../scripts/test-postgres.sh"); }

    QString m_dir;
    int m_port = 0;
};

class TestConversationStore : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();

    void opensReady_data() { TestDatabases::addBackendRows(); }
    void opensReady();
    void writesKeepOrder_data() { TestDatabases::addBackendRows(); }
    void writesKeepOrder();
    void sqlRunsOnTheStorageThread_data() { TestDatabases::addBackendRows(); }
    void sqlRunsOnTheStorageThread();
    void flushWaitsForEarlierWrites_data() { TestDatabases::addBackendRows(); }
    void flushWaitsForEarlierWrites();
    void shutdownLandsQueuedWrites_data() { TestDatabases::addBackendRows(); }
    void shutdownLandsQueuedWrites();
    void unopenableDatabaseFails();

    // Faults
    void sqliteDiskFullIsRiddenOut();
    void shutdownGivesUpOnAStuckWrite();
    void postgresOutageIsRiddenOut();
    void otherClientsChangesAreHeard();

private:
    std::unique_ptr<ConversationStore> openStore(const QString &backend);
    std::unique_ptr<ConversationStore> openStore(const DatabaseConfig &config);

    std::unique_ptr<QTemporaryDir> m_dir;
};
