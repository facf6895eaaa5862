// SPDX-License-Identifier: GPL-3.0-or-later
// ConversationEdit: what a change writes, how it is rolled back, what the user is told.
#include "conversationedit.h"

#include <QTest>

using namespace Qt::StringLiterals;

namespace {

ConversationRow row(const QString &title, bool pendingTitle = false)
{
    ConversationRow row;
    row.record.id = u"c1"_s;
    row.record.title = title;
    row.pendingTitle = pendingTitle;
    return row;
}

} // namespace

class TestConversationEdit : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void renameWritesTheTitleOnly();
    void renameRollsBackUnlessRenamedAgain();
    void pinAndArchiveRollBackTheirOwnField();
    void failuresSayWhatDidNotHappen();
};

void TestConversationEdit::renameWritesTheTitleOnly()
{
    const ConversationEdit edit = ConversationEdit::rename(row(u"How do I"_s, true), u"Lists"_s);
    QCOMPARE(edit.id(), u"c1"_s);
    QCOMPARE(edit.changed().record.title, u"Lists"_s);
    QVERIFY(!edit.changed().pendingTitle);
    QCOMPARE(edit.change().id, u"c1"_s);
    QCOMPARE(edit.change().title, std::optional<QString>(u"Lists"_s));
    QVERIFY(!edit.change().pinned);
    QVERIFY(!edit.change().archived);
}

void TestConversationEdit::renameRollsBackUnlessRenamedAgain()
{
    const ConversationEdit edit = ConversationEdit::rename(row(u"How do I"_s, true), u"Lists"_s);
    ConversationRow shown = edit.changed();
    shown.record.pinned = true; // pinned meanwhile: stays
    edit.revert(shown);
    QCOMPARE(shown.record.title, u"How do I"_s);
    QVERIFY(shown.pendingTitle);
    QVERIFY(shown.record.pinned);

    ConversationRow renamedAgain = edit.changed();
    renamedAgain.record.title = u"Python lists"_s;
    edit.revert(renamedAgain);
    QCOMPARE(renamedAgain.record.title, u"Python lists"_s);
    QVERIFY(!renamedAgain.pendingTitle);
}

void TestConversationEdit::pinAndArchiveRollBackTheirOwnField()
{
    const ConversationEdit pin = ConversationEdit::pin(row(u"Chat"_s), true);
    QCOMPARE(pin.change().pinned, std::optional<bool>(true));
    QVERIFY(!pin.change().title);
    ConversationRow shown = pin.changed();
    QVERIFY(shown.record.pinned);
    pin.revert(shown);
    QVERIFY(!shown.record.pinned);
    ConversationRow unpinnedSince = pin.changed();
    unpinnedSince.record.pinned = false;
    unpinnedSince.record.archived = true;
    pin.revert(unpinnedSince);
    QVERIFY(!unpinnedSince.record.pinned);
    QVERIFY(unpinnedSince.record.archived);

    const ConversationEdit archive = ConversationEdit::archive(row(u"Chat"_s), true);
    QCOMPARE(archive.change().archived, std::optional<bool>(true));
    shown = archive.changed();
    archive.revert(shown);
    QVERIFY(!shown.record.archived);
}

void TestConversationEdit::failuresSayWhatDidNotHappen()
{
    const QString reason = u"The disk is full."_s;
    QCOMPARE(ConversationEdit::rename(row(u"Old"_s), u"New"_s).failure(reason),
             u"“Old” could not be renamed to “New”: The disk is full."_s);
    QCOMPARE(ConversationEdit::pin(row(u"Chat"_s), true).failure(reason),
             u"“Chat” could not be pinned: The disk is full."_s);
    QCOMPARE(ConversationEdit::pin(row(u"Chat"_s), false).failure(reason),
             u"“Chat” could not be unpinned: The disk is full."_s);
    QCOMPARE(ConversationEdit::archive(row(u"Chat"_s), true).failure(reason),
             u"“Chat” could not be archived: The disk is full."_s);
    QCOMPARE(ConversationEdit::archive(row(u"Chat"_s), false).failure(reason),
             u"“Chat” could not be restored from the archive: The disk is full."_s);
}

QTEST_GUILESS_MAIN(TestConversationEdit)
#include "tst_conversationedit.moc"
