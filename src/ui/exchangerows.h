// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDateTime>
#include <QHash>
#include <QObject>
#include <QString>

class Exchange;
class MessageModel;

// Shows exchanges in the message model: the reply's row streams (its thinking, then its
// answer), ends and shows how its writes went. A row that is not shown (another conversation
// is open) is left alone.
class ExchangeRows : public QObject
{
    Q_OBJECT

public:
    explicit ExchangeRows(MessageModel *messages, QObject *parent = nullptr);

    void follow(Exchange *exchange);
    // The reply's row was read afresh (its conversation was opened again): it shows the
    // exchange as it stands now.
    void show(const Exchange &exchange);

private:
    MessageModel *m_messages;
    // When each followed reply that is thinking now began, by message id: a row read afresh
    // keeps its timer.
    QHash<QString, QDateTime> m_thinkingSince;
};
