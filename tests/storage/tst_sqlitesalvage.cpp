// SPDX-License-Identifier: GPL-3.0-or-later
// A really damaged SQLite history: what can still be read is saved into the new file, the
// damaged one is kept beside it, and the user is told until they dismiss it.
#include "conversationrepository.h"
#include "conversationstore.h"
#include "damagedhistory.h"
#include "database.h"
#include "futurewait.h"

#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

class TestSqliteSalvage : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void damagedHistoryIsSalvaged()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"history.sqlite"_s);
        constexpr int conversationCount = 30;
        constexpr int messagesEach = 4;
        const DamagedHistory history(path, conversationCount, messagesEach, 3);
        QVERIFY2(history.error().isEmpty(), qPrintable(history.error()));

        QString why;
        Database db(*DatabaseConfig::parse(path, &why));
        const StorageError error = db.open();
        QVERIFY2(!error.isError(), qPrintable(error.message));
        QVERIFY(!db.isReadOnly());
        // The damaged file is kept beside the new one, as it was.
        QVERIFY(db.movedAsidePath().startsWith(path + u".corrupt-"_s));
        QVERIFY(QFile::exists(db.movedAsidePath()));

        // Every message read back is the one written, under the same conversation and parent.
        QSqlQuery query(db.connection());
        QVERIFY(query.exec(u"SELECT id, conversation_id, parent_id, content, created_at FROM messages"_s));
        int salvaged = 0;
        QHash<QString, int> perConversation;
        while (query.next()) {
            const MessageRecord original = history.messages().value(query.value(0).toString());
            QCOMPARE(query.value(0).toString(), original.id);
            QCOMPARE(query.value(1).toString(), original.conversationId);
            QCOMPARE(query.value(2).toString(), original.parentId);
            QCOMPARE(query.value(3).toString(), original.content);
            QCOMPARE(query.value(4).toLongLong(), original.createdAt.toMSecsSinceEpoch());
            ++salvaged;
            ++perConversation[original.conversationId];
        }
        const int written = conversationCount * messagesEach;
        // Three pages of two or three messages each were lost, and nothing else.
        QVERIFY2(salvaged < written && salvaged >= written - 9, qPrintable(QString::number(salvaged)));

        // The conversations all come back (their table was not hit), their chains in order.
        ConversationRepository repository(db);
        ConversationQuery all;
        all.limit = 1000;
        all.archived = ConversationQuery::Archived::Included;
        const StorageResult<QList<ConversationRecord>> listed = repository.listConversations(all);
        QVERIFY2(listed.ok(), qPrintable(listed.error.message));
        QCOMPARE(listed.value.size(), conversationCount);
        int whole = 0;
        for (const ConversationRecord &conversation : history.conversations()) {
            const QList<MessageRecord> original = history.messagesOf(conversation.id);
            if (perConversation.value(conversation.id) != original.size())
                continue;
            ++whole;
            const StorageResult<QList<MessageRecord>> branch = repository.fullBranch(conversation.id);
            QVERIFY2(branch.ok(), qPrintable(branch.error.message));
            QCOMPARE(branch.value.size(), original.size());
            for (qsizetype i = 0; i < original.size(); ++i) {
                QCOMPARE(branch.value.at(i).id, original.at(i).id);
                QCOMPARE(branch.value.at(i).content, original.at(i).content);
            }
        }
        QVERIFY(whole >= conversationCount - 9);

        // The user is told: both files, and what was saved.
        const std::optional<RecoveryNotice> notice = db.recoveryNotice();
        QVERIFY(notice);
        QCOMPARE(notice->conversations, conversationCount);
        QCOMPARE(notice->messages, salvaged);
        QVERIFY2(notice->message().contains(QDir::toNativeSeparators(path)), qPrintable(notice->message()));
        QVERIFY2(notice->message().contains(QDir::toNativeSeparators(db.movedAsidePath())),
                 qPrintable(notice->message()));
    }

    // The store carries the notice to the window until it is dismissed, for every later run too.
    void storeTellsUntilDismissed()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"history.sqlite"_s);
        const DamagedHistory history(path, 12, 4, 2);
        QVERIFY2(history.error().isEmpty(), qPrintable(history.error()));
        QString why;
        const DatabaseConfig config = *DatabaseConfig::parse(path, &why);
        for (int run = 0; run < 2; ++run) {
            ConversationStore store(config);
            QTRY_VERIFY_WITH_TIMEOUT(!store.recoveryNotice().isEmpty(), 30000);
            QVERIFY2(store.recoveryNotice().contains(QDir::toNativeSeparators(path)),
                     qPrintable(store.recoveryNotice()));
            QVERIFY2(store.recoveryNotice().contains(u".corrupt-"_s), qPrintable(store.recoveryNotice()));
        }
        {
            ConversationStore store(config);
            QTRY_VERIFY_WITH_TIMEOUT(!store.recoveryNotice().isEmpty(), 30000);
            QSignalSpy changed(&store, &ConversationStore::recoveryNoticeChanged);
            const std::optional<StorageError> dismissed = take(store.dismissRecoveryNotice(), this);
            QVERIFY(dismissed);
            QVERIFY2(!dismissed->isError(), qPrintable(dismissed->message));
            QTRY_VERIFY_WITH_TIMEOUT(store.recoveryNotice().isEmpty(), 30000);
        }
        // A later run: the salvaged history is the one in use, and nothing more is said (the
        // worker reports the notice before it answers the first read).
        ConversationStore store(config);
        const auto listed = take(store.listConversations(ConversationQuery{}), this);
        QVERIFY(listed && listed->ok());
        QCOMPARE(listed->value.size(), 12);
        QCOMPARE(store.recoveryNotice(), QString());
    }
};

QTEST_GUILESS_MAIN(TestSqliteSalvage)
#include "tst_sqlitesalvage.moc"
