// SPDX-License-Identifier: GPL-3.0-or-later
#include "searchqueryset.h"

#include "benchrandom.h"
#include "vocabulary.h"

#include <QSet>

using namespace Qt::StringLiterals;

QList<SearchQuerySet::Query> SearchQuerySet::build(const Vocabulary &vocabulary, quint64 seed)
{
    BenchRandom random(BenchRandom::derive(seed, 0x73656172));
    QList<Query> queries;
    QSet<QString> used;
    auto plain = [](const QString &word) {
        for (QChar c : word) {
            if (c < u'a' || c > u'z')
                return false;
        }
        return word.size() >= 3;
    };
    // A word from ranks [low, high] made only of ASCII letters, not used yet.
    auto pick = [&](int low, int high) {
        for (;;) {
            const QString &word = vocabulary.word(random.between(low, high));
            if (plain(word) && !used.contains(word)) {
                used.insert(word);
                return word;
            }
        }
    };
    auto add = [&](const QString &text, const char *kind, int expected = -1) {
        queries.append({text, QString::fromLatin1(kind), expected});
    };

    add(u"the"_s, "stop word");
    add(u"and"_s, "stop word");
    for (int i = 0; i < 15; ++i)
        add(pick(100, 300), "common word");
    for (int i = 0; i < 18; ++i)
        add(pick(400, 1500), "middle word");
    for (int i = 0; i < 15; ++i)
        add(pick(2500, vocabulary.size() - 1), "uncommon word");
    for (int i = 0; i < 6; ++i)
        add(pick(400, 1500) + u' ' + pick(400, 1500), "two words");
    for (int i = 0; i < 5; ++i)
        add(pick(100, 300) + u' ' + pick(1000, 3000), "two words");
    for (int i = 0; i < 2; ++i)
        add(u"the "_s + pick(300, 1500), "two words");
    add(u"how to "_s + pick(100, 400), "two words"); // three, in fact: "to" is a word too
    add(u"python database"_s, "two words");
    for (const QString &prefix : {u"conf"_s, u"dat"_s, u"pyth"_s, u"migr"_s, u"kube"_s, u"enc"_s, u"sch"_s,
                                  u"perf"_s, u"rec"_s, u"tra"_s})
        add(prefix, "prefix");
    for (const QString &word : {u"café"_s, u"cafe"_s, u"naïve"_s, u"naive"_s, u"Zürich"_s, u"zurich"_s,
                                u"résumé"_s, u"jalapeno"_s, u"Malmö"_s, u"angstrom"_s})
        add(word, "diacritics");
    for (const Vocabulary::RareWord &rare : vocabulary.rareWords())
        add(rare.word, "rare word", rare.messages);
    add(u"smorrebrod"_s, "rare word", 5);
    add(u"qwertzuiop"_s, "no match", 0);
    add(u"zzyzxq"_s, "no match", 0);
    add(u"conflagrationist"_s, "no match", 0);
    for (const QString &token : {u"nullptr"_s, u"QString"_s, u"std::vector"_s, u"getUserById"_s, u"numpy"_s})
        add(token, "code");
    return queries;
}
