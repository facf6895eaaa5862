// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>
#include <QString>

class ChatStream;

// The one copy, on the chat side, of a reply's text while it streams: what came before the
// stream (a continued reply's text), then its content, or the refusal the model gave instead
// while there is no content. The persister and the views read it here; it is built from the
// stream's deltas, so an append costs what it adds.
class ReplyText : public QObject
{
    Q_OBJECT

public:
    ReplyText(ChatStream *stream, QString prefix = {}, QObject *parent = nullptr);

    const QString &text() const { return m_text; }
    bool isRefusal() const { return m_isRefusal; }
    // Bumped whenever the text stopped extending what it was (content replaced a refusal, or
    // the stream started over): a copy of it must be taken whole again.
    quint64 rewrites() const { return m_rewrites; }

Q_SIGNALS:
    // `delta` joined the end of text().
    void appended(const QString &delta);
    // text() no longer extends what it was.
    void rewritten();

private:
    void onContent(const QString &delta);
    void onRefusal(const QString &delta);
    // The text after the prefix is `start` now.
    void rewrite(const QString &start);

    QString m_text;
    qsizetype m_prefixLength;
    bool m_isRefusal = false;
    quint64 m_rewrites = 0;
};
