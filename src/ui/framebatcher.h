// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QString>
#include <QTimer>

#include <chrono>

// Streamed text per message, held so that views hear of it at most once an interval and no
// delta waits longer than one. The clock runs from the last delivery: after a quiet spell the
// first delta goes out on the event loop's next pass; in a steady stream, once an interval.
class FrameBatcher : public QObject
{
    Q_OBJECT

public:
    explicit FrameBatcher(std::chrono::milliseconds interval, QObject *parent = nullptr);

    std::chrono::milliseconds interval() const { return m_interval; }
    void add(const QString &messageId, const QString &delta);
    // What is held for the message; empty when nothing is.
    QString pending(const QString &messageId) const { return m_pending.value(messageId); }
    void drop(const QString &messageId) { m_pending.remove(messageId); }
    void clear();
    // Everything held, by message id; nothing is held afterwards. A delivery: the next starts
    // an interval from now.
    QHash<QString, QString> take();

Q_SIGNALS:
    // Text is held and its time has come: take() it.
    void due();

private:
    std::chrono::milliseconds m_interval;
    QHash<QString, QString> m_pending;
    QTimer m_timer;
    QElapsedTimer m_sinceDelivery;
};
