// SPDX-License-Identifier: GPL-3.0-or-later
// ReversedListModel over a list of words: every change of the source arrives mirrored, each row
// reads its mirror's data at every moment a view may ask, and nothing is reset but a reset.
#include "reversedlistmodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QStringListModel>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

QStringList shown(const QAbstractItemModel &model)
{
    QStringList words;
    for (int row = 0; row < model.rowCount(); ++row)
        words.append(model.index(row, 0).data().toString());
    return words;
}

} // namespace

class TestReversedListModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void readsTheSourceFromItsEnd();
    void insertionsRemovalsAndChangesArriveMirrored();
    void rowsMapBothWays();
};

void TestReversedListModel::readsTheSourceFromItsEnd()
{
    QStringListModel source({u"a"_s, u"b"_s, u"c"_s});
    ReversedListModel reversed;
    QAbstractItemModelTester tester(&reversed, QAbstractItemModelTester::FailureReportingMode::QtTest);
    reversed.setSourceModel(&source);
    QCOMPARE(shown(reversed), QStringList({u"c"_s, u"b"_s, u"a"_s}));
    QCOMPARE(reversed.roleNames(), source.roleNames());

    source.setStringList({u"x"_s, u"y"_s});
    QCOMPARE(shown(reversed), QStringList({u"y"_s, u"x"_s}));
    reversed.setSourceModel(nullptr);
    QCOMPARE(reversed.rowCount(), 0);
}

void TestReversedListModel::insertionsRemovalsAndChangesArriveMirrored()
{
    QStringListModel source({u"a"_s, u"b"_s, u"c"_s});
    ReversedListModel reversed;
    reversed.setSourceModel(&source);
    QAbstractItemModelTester tester(&reversed, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy inserted(&reversed, &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(&reversed, &QAbstractItemModel::rowsRemoved);
    QSignalSpy changed(&reversed, &QAbstractItemModel::dataChanged);
    QSignalSpy reset(&reversed, &QAbstractItemModel::modelReset);

    // Appended at the source's end (a new message): at the top here.
    source.insertRows(3, 2);
    source.setData(source.index(3), u"d"_s);
    source.setData(source.index(4), u"e"_s);
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(inserted.first().at(1).toInt(), 0);
    QCOMPARE(inserted.first().at(2).toInt(), 1);
    QCOMPARE(shown(reversed), QStringList({u"e"_s, u"d"_s, u"c"_s, u"b"_s, u"a"_s}));
    QCOMPARE(changed.count(), 2);
    QCOMPARE(changed.last().at(0).toModelIndex().row(), 0);

    // Inserted at the source's start (an older page): at the end here.
    source.insertRows(0, 1);
    source.setData(source.index(0), u"0"_s);
    QCOMPARE(inserted.last().at(1).toInt(), 5);
    QCOMPARE(inserted.last().at(2).toInt(), 5);
    QCOMPARE(shown(reversed), QStringList({u"e"_s, u"d"_s, u"c"_s, u"b"_s, u"a"_s, u"0"_s}));

    // Removed from a middle row to the end of the source (a branch replaced): rows 0 to 2 here.
    source.removeRows(3, 3);
    QCOMPARE(removed.count(), 1);
    QCOMPARE(removed.first().at(1).toInt(), 0);
    QCOMPARE(removed.first().at(2).toInt(), 2);
    QCOMPARE(shown(reversed), QStringList({u"b"_s, u"a"_s, u"0"_s}));
    QCOMPARE(reset.count(), 0);
}

void TestReversedListModel::rowsMapBothWays()
{
    QStringListModel source({u"a"_s, u"b"_s, u"c"_s, u"d"_s});
    ReversedListModel reversed;
    reversed.setSourceModel(&source);
    QCOMPARE(reversed.fromSourceRow(0), 3);
    QCOMPARE(reversed.fromSourceRow(3), 0);
    QCOMPARE(reversed.toSourceRow(1), 2);
    QCOMPARE(reversed.fromSourceRow(4), -1);
    QCOMPARE(reversed.toSourceRow(-1), -1);
    QCOMPARE(reversed.mapToSource(reversed.index(0, 0)), source.index(3));
    QCOMPARE(reversed.mapFromSource(source.index(1)), reversed.index(2, 0));
}

QTEST_GUILESS_MAIN(TestReversedListModel)
#include "tst_reversedlistmodel.moc"
