// SPDX-License-Identifier: GPL-3.0-or-later
#include "corpusgenerator.h"

#include "benchrandom.h"
#include "vocabulary.h"

#include <QTimeZone>
#include <QUuid>

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

namespace {

// The corpus ends here (2026-11-01 00:00 UTC) and starts two years before.
constexpr qint64 corpusEndMs = 1793491200000;
constexpr qint64 twoYearsMs = qint64(730) * 24 * 3600 * 1000;

QString uuidFrom(BenchRandom &random)
{
    quint64 high = random.next();
    quint64 low = random.next();
    high = (high & ~quint64(0xf000)) | 0x4000;              // version 4
    low = (low & ~(quint64(3) << 62)) | (quint64(2) << 62); // RFC 4122 variant
    const QUuid uuid(uint(high >> 32), ushort(high >> 16), ushort(high), uchar(low >> 56), uchar(low >> 48),
                     uchar(low >> 40), uchar(low >> 32), uchar(low >> 24), uchar(low >> 16), uchar(low >> 8),
                     uchar(low));
    return uuid.toString(QUuid::WithoutBraces);
}

QString capitalized(const QString &word)
{
    return word.isEmpty() ? word : word.at(0).toUpper() + word.mid(1);
}

const QString models[] = {u"gpt-4o"_s, u"gpt-4o-mini"_s, u"llama3.1:8b"_s, u"qwen2.5-coder:14b"_s,
                          u"mistral-small"_s};
const QString profiles[] = {u"openai"_s, u"openai"_s, u"ollama"_s, u"ollama"_s, u"openrouter"_s};

// How many assistant replies come from a reasoning model and carry their thinking.
constexpr double reasoningShare = 0.25;

} // namespace

CorpusGenerator::CorpusGenerator(const CorpusSpec &spec, const Vocabulary &vocabulary)
    : m_spec(spec)
    , m_vocabulary(vocabulary)
{
    const int count = std::max(1, spec.conversations);
    BenchRandom plan(BenchRandom::derive(spec.seed, 0x706c616e));
    const qint64 big = std::min<qint64>(spec.bigConversationMessages, std::max<qint64>(2, spec.messages / 2));
    m_bigConversation = count / 3;

    // Lengths: most chats are short, a few run long (a skewed draw, then scaled to the total).
    QList<double> weights(count);
    double total = 0;
    for (int i = 0; i < count; ++i) {
        if (i == m_bigConversation)
            continue;
        const double u = plan.uniform();
        weights[i] = 0.15 + u * u * u * 4.0;
        total += weights[i];
    }
    const qint64 rest = std::max<qint64>(0, spec.messages - big);
    m_messageCounts.resize(count);
    qint64 assigned = 0;
    for (int i = 0; i < count; ++i) {
        if (i == m_bigConversation)
            continue;
        const int n = count > 1 ? std::max(1, int(std::lround(weights[i] / total * double(rest)))) : 0;
        m_messageCounts[i] = n;
        assigned += n;
    }
    m_messageCounts[m_bigConversation] = int(count > 1 ? big : spec.messages);
    assigned += m_messageCounts[m_bigConversation];
    // Rounding leaves the total a little off: settle the difference one message at a time.
    while (assigned != spec.messages && count > 1) {
        const int i = plan.between(0, count - 1);
        if (i == m_bigConversation)
            continue;
        if (assigned < spec.messages) {
            ++m_messageCounts[i];
            ++assigned;
        } else if (m_messageCounts[i] > 1) {
            --m_messageCounts[i];
            --assigned;
        }
    }

    for (const Vocabulary::RareWord &rare : vocabulary.rareWords()) {
        int placed = 0;
        while (placed < rare.messages) {
            const int conversation = plan.between(0, count - 1);
            if (m_messageCounts[conversation] == 0)
                continue;
            const int message = plan.between(0, m_messageCounts[conversation] - 1);
            const quint64 key = (quint64(conversation) << 32) | quint64(message);
            if (m_rarePlacements.contains(key))
                continue;
            m_rarePlacements.insert(key, rare.word);
            ++placed;
        }
    }
}

QString CorpusGenerator::words(BenchRandom &random, int count, const QStringList &topics, bool prose) const
{
    const QStringList &code = m_vocabulary.codeTokens();
    QString text;
    text.reserve(count * 8);
    int sentenceLeft = 0, sentencesInParagraph = 0;
    bool capitalize = true;
    for (int written = 0; written < count;) {
        // Assistant replies carry code now and then: a fenced block of code-ish tokens.
        if (prose && sentenceLeft == 0 && written > 20 && random.chance(0.04)) {
            const int tokens = std::min(count - written, random.between(8, 60));
            text += u"\n\n```\n"_s;
            for (int i = 0; i < tokens; ++i) {
                text += code[random.between(0, int(code.size()) - 1)];
                text += random.chance(0.15) ? u'\n' : u' ';
            }
            text += u"\n```\n\n"_s;
            written += tokens;
            capitalize = true;
            continue;
        }
        if (sentenceLeft == 0) {
            sentenceLeft = random.between(5, 22);
            if (written > 0 && !text.endsWith(u'\n')) {
                if (prose && ++sentencesInParagraph >= random.between(3, 6)) {
                    text += u"\n\n"_s;
                    sentencesInParagraph = 0;
                } else {
                    text += u' ';
                }
            }
        } else {
            text += random.chance(0.06) ? u", "_s : u" "_s;
        }
        const double roll = random.uniform();
        if (roll < 0.06 && !topics.isEmpty()) {
            const QString &word = topics[random.between(0, int(topics.size()) - 1)];
            text += capitalize ? capitalized(word) : word;
        } else if (roll < 0.075) {
            text += u'`' + code[random.between(0, int(code.size()) - 1)] + u'`';
        } else {
            const QString &word = m_vocabulary.sample(random);
            text += capitalize ? capitalized(word) : word;
        }
        capitalize = false;
        ++written;
        if (--sentenceLeft == 0) {
            text += random.chance(0.12) ? u'?' : u'.';
            capitalize = true;
        }
    }
    if (sentenceLeft > 0)
        text += u'.';
    return text;
}

void CorpusGenerator::generate(int index, ConversationRecord *conversation,
                               QList<MessageRecord> *messages) const
{
    BenchRandom random(BenchRandom::derive(m_spec.seed, 0x636f6e76, quint64(index)));
    // The thinking comes from a stream of its own, so that everything else is as generator 1 made it.
    BenchRandom thinking(BenchRandom::derive(m_spec.seed, 0x7468696e, quint64(index)));
    const int count = m_messageCounts[index];

    // A few topic words from the middle ranks, which this conversation uses more than others do.
    QStringList topics;
    for (int i = 0; i < 4; ++i)
        topics.append(m_vocabulary.word(random.between(150, 2500)));

    conversation->id = uuidFrom(random);
    const int titleWords = random.between(3, 8);
    QStringList title;
    for (int i = 0; i < titleWords; ++i)
        title.append(i < 2 ? topics[i] : m_vocabulary.sample(random));
    title[0] = capitalized(title[0]);
    conversation->title = title.join(u' ');
    const int model = random.between(0, int(std::size(models)) - 1);
    conversation->model = models[model];
    conversation->providerProfile = profiles[model];
    conversation->systemPrompt =
        random.chance(0.1) ? u"You are a helpful assistant. Answer briefly."_s : QString();
    conversation->pinned = random.chance(0.0002);
    conversation->archived = random.chance(0.03);
    conversation->messageCount = count;

    qint64 at = corpusEndMs - twoYearsMs + qint64(random.uniform() * double(twoYearsMs));
    if (index == m_bigConversation)
        at = corpusEndMs - twoYearsMs / 3; // a long-running chat, still going near the end
    conversation->createdAt = QDateTime::fromMSecsSinceEpoch(at, QTimeZone::utc());

    messages->clear();
    messages->reserve(count);
    QString parent;
    qint64 promptTokens = 0;
    for (int i = 0; i < count; ++i) {
        MessageRecord message;
        message.id = uuidFrom(random);
        message.conversationId = conversation->id;
        message.parentId = parent;
        const bool user = i % 2 == 0;
        message.role = user ? MessageRecord::Role::User : MessageRecord::Role::Assistant;
        const double u = random.uniform();
        const int length = user ? 5 + int(75 * u * u) : 30 + int(570 * u * u);
        message.content = words(random, length, topics, !user);
        if (const auto rare = m_rarePlacements.constFind((quint64(index) << 32) | quint64(i));
            rare != m_rarePlacements.cend())
            message.content += u' ' + *rare + u'.';
        message.status = MessageRecord::Status::Complete;
        at += user ? qint64(random.between(20, 900)) * 1000 : qint64(random.between(3, 60)) * 1000;
        message.createdAt = QDateTime::fromMSecsSinceEpoch(at, QTimeZone::utc());
        message.updatedAt = message.createdAt;
        if (!user && thinking.chance(reasoningShare)) {
            // A reasoning model's reply: its thinking (prose, no code) first, then the answer.
            const double v = thinking.uniform();
            message.parts = {
                MessagePart::reasoningPart(words(thinking, 20 + int(380 * v * v), topics, false)),
                MessagePart::textPart(message.content)};
        }
        if (!user) {
            message.model = conversation->model;
            message.finishReason = u"stop"_s;
            const qint64 completion = length * 4 / 3;
            promptTokens += completion;
            message.promptTokens = promptTokens;
            message.completionTokens = completion;
            message.totalTokens = promptTokens + completion;
        } else {
            promptTokens += length * 4 / 3;
        }
        parent = message.id;
        messages->append(std::move(message));
    }
    conversation->updatedAt = QDateTime::fromMSecsSinceEpoch(at, QTimeZone::utc());
    conversation->currentLeafId = parent;
}
