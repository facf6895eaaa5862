// SPDX-License-Identifier: GPL-3.0-or-later
#include "damagedhistory.h"

#include "conversationrepository.h"
#include "database.h"

#include <QDateTime>
#include <QFile>
#include <QSqlError>
#include <QSqlQuery>
#include <QTimeZone>
#include <QUuid>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {

QString newId()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

} // namespace

DamagedHistory::DamagedHistory(const QString &path, int conversations, int messagesEach, int damagedPages)
{
    QString why;
    const std::optional<DatabaseConfig> config = DatabaseConfig::parse(path, &why);
    if (!config) {
        m_error = why;
        return;
    }
    QList<qint64> pages;
    int pageSize = 0;
    {
        Database db(*config);
        if (const StorageError error = db.open(); error.isError()) {
            m_error = error.message;
            return;
        }
        ConversationRepository repository(db);
        qint64 clock = 1700000000000;
        for (int c = 0; c < conversations; ++c) {
            ConversationRecord conversation;
            conversation.id = newId();
            conversation.title = u"Conversation %1"_s.arg(c);
            conversation.createdAt = QDateTime::fromMSecsSinceEpoch(++clock, QTimeZone::utc());
            conversation.updatedAt = conversation.createdAt;
            if (const StorageError error = repository.saveConversation(conversation); error.isError()) {
                m_error = error.message;
                return;
            }
            QString parent;
            for (int m = 0; m < messagesEach; ++m) {
                MessageRecord message;
                message.id = newId();
                message.conversationId = conversation.id;
                message.parentId = parent;
                message.role = m % 2 == 0 ? MessageRecord::Role::User : MessageRecord::Role::Assistant;
                message.status = MessageRecord::Status::Complete;
                // Long enough that a page holds only a couple of them.
                message.content = u"Message %1 of conversation %2. "_s.arg(m).arg(c) +
                                  QString(1500, QChar(u'a' + (c + m) % 26));
                message.createdAt = QDateTime::fromMSecsSinceEpoch(++clock, QTimeZone::utc());
                message.updatedAt = message.createdAt;
                if (const StorageError error = repository.saveMessage(message); error.isError()) {
                    m_error = error.message;
                    return;
                }
                m_messages.insert(message.id, message);
                parent = message.id;
            }
            conversation.currentLeafId = parent;
            m_conversations.append(conversation);
        }
        QSqlQuery query(db.connection());
        if (!query.exec(u"SELECT pageno FROM dbstat WHERE name = 'messages' AND pagetype = 'leaf' "
                        "ORDER BY pageno"_s)) {
            m_error = u"dbstat: "_s + query.lastError().text();
            return;
        }
        while (query.next())
            pages.append(query.value(0).toLongLong());
        if (!query.exec(u"PRAGMA page_size"_s) || !query.next()) {
            m_error = u"page_size: "_s + query.lastError().text();
            return;
        }
        pageSize = query.value(0).toInt();
    } // closing checkpoints the WAL into the file
    if (pages.size() < damagedPages * 4) {
        m_error = u"only %1 message pages"_s.arg(pages.size());
        return;
    }
    QFile file(path);
    if (!file.open(QIODevice::ReadWrite)) {
        m_error = file.errorString();
        return;
    }
    // Spread over the table, away from its first and last pages.
    for (int i = 1; i <= damagedPages; ++i) {
        const qint64 page = pages.at(pages.size() * i / (damagedPages + 1));
        file.seek((page - 1) * pageSize);
        file.write(QByteArray(pageSize, '\x5a'));
    }
}

QList<MessageRecord> DamagedHistory::messagesOf(const QString &conversationId) const
{
    QList<MessageRecord> found;
    for (const MessageRecord &message : m_messages) {
        if (message.conversationId == conversationId)
            found.append(message);
    }
    std::sort(found.begin(), found.end(),
              [](const MessageRecord &a, const MessageRecord &b) { return a.createdAt < b.createdAt; });
    return found;
}
