// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHash>
#include <QObject>
#include <QString>
#include <QTimer>

#include <chrono>

// Streamed text per message, held until the next frame: the first delta after a frame starts the
// clock, so views hear at most once a frame and no delta waits longer than one.
class FrameBatcher : public QObject
{
    Q_OBJECT

public:
    explicit FrameBatcher(std::chrono::milliseconds frame, QObject *parent = nullptr);

    void add(const QString &messageId, const QString &delta);
    // What is held for the message; empty when nothing is.
    QString pending(const QString &messageId) const { return m_pending.value(messageId); }
    void drop(const QString &messageId) { m_pending.remove(messageId); }
    void clear();
    // Everything held, by message id; nothing is held afterwards.
    QHash<QString, QString> take();

Q_SIGNALS:
    // A frame has passed since the first delta held: take() what is held.
    void due();

private:
    QHash<QString, QString> m_pending;
    QTimer m_timer;
};
