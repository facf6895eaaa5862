// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "conversationrecord.h"
#include "corpusspec.h"
#include "messagerecord.h"

#include <QHash>
#include <QList>

class BenchRandom;
class Vocabulary;

// Makes the benchmark's conversations: titles of 3–8 words; messages alternating user and
// assistant in one linear chain (each the parent of the next), user messages of 5–80 words,
// assistant replies of 30–600 with paragraphs, code blocks and inline code, a quarter of them
// with their thinking first (20–400 words, in `parts`, the answer its text part); each conversation
// leaning on a few topic words; timestamps over two years; a few pinned, some archived. Every
// conversation comes from its own seeded stream, so any one can be made again on its own.
class CorpusGenerator
{
public:
    CorpusGenerator(const CorpusSpec &spec, const Vocabulary &vocabulary);

    int conversationCount() const { return int(m_messageCounts.size()); }
    int messageCount(int conversation) const { return m_messageCounts[conversation]; }
    int bigConversation() const { return m_bigConversation; }

    // Conversation `index` and its messages, oldest first.
    void generate(int index, ConversationRecord *conversation, QList<MessageRecord> *messages) const;

private:
    QString words(BenchRandom &random, int count, const QStringList &topics, bool prose) const;

    CorpusSpec m_spec;
    const Vocabulary &m_vocabulary;
    QList<int> m_messageCounts;
    int m_bigConversation = 0;
    QHash<quint64, QString> m_rarePlacements; // (conversation << 32 | message) → word
};
