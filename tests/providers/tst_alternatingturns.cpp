// SPDX-License-Identifier: GPL-3.0-or-later
// The conversation as Anthropic and Gemini take it: system apart, empty and leading replies left
// out, one role in a row gathered into one turn.
#include "alternatingturns.h"

#include <QTest>

using namespace Qt::StringLiterals;
using Role = ChatMessage::Role;

class TestAlternatingTurns : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void systemApartAndRolesGathered()
    {
        const AlternatingTurns c = AlternatingTurns::from({
            {Role::System, u"Be brief."_s},
            {Role::User, u"Hi"_s},
            {Role::User, u"Are you there?"_s},
            {Role::System, u"And kind."_s},
            {Role::Assistant, u"Yes."_s},
            {Role::User, u"Good."_s},
        });
        QCOMPARE(c.system, (QStringList{u"Be brief."_s, u"And kind."_s}));
        QCOMPARE(c.turns.size(), 3);
        QCOMPARE(c.turns[0].role, Role::User);
        QCOMPARE(c.turns[0].texts, (QStringList{u"Hi"_s, u"Are you there?"_s}));
        QCOMPARE(c.turns[1].role, Role::Assistant);
        QCOMPARE(c.turns[1].texts, QStringList{u"Yes."_s});
        QCOMPARE(c.turns[2].texts, QStringList{u"Good."_s});
    }

    void emptyMessagesAndALeadingReplyAreLeftOut()
    {
        const AlternatingTurns c = AlternatingTurns::from({
            {Role::Assistant, u"Hello! How can I help?"_s},
            {Role::User, u"  \n"_s},
            {Role::System, QString()},
            {Role::User, u"Question"_s},
            {Role::Assistant, u" "_s},
            {Role::User, u"More"_s},
        });
        QVERIFY(c.system.isEmpty());
        QCOMPARE(c.turns.size(), 1);
        QCOMPARE(c.turns[0].role, Role::User);
        QCOMPARE(c.turns[0].texts, (QStringList{u"Question"_s, u"More"_s}));
        QVERIFY(AlternatingTurns::from({}).turns.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestAlternatingTurns)
#include "tst_alternatingturns.moc"
