// SPDX-License-Identifier: GPL-3.0-or-later
// PagedListModel through a small model of numbers whose pages the test answers itself, in any
// order: the paging rules without a database's timing.
#include "pagedlistmodel.h"

#include <QAbstractItemModelTester>
#include <QPromise>
#include <QSignalSpy>
#include <QTest>

#include <memory>
#include <vector>

using namespace Qt::StringLiterals;

namespace {

using NumbersPage = StorageResult<QList<int>>;

class NumbersModel : public PagedListModel
{
public:
    static constexpr int pageSize = 3;

    int rowCount(const QModelIndex &parent = {}) const override
    {
        return parent.isValid() ? 0 : int(m_rows.size());
    }
    QVariant data(const QModelIndex &index, int role) const override
    {
        if (!checkIndex(index, CheckIndexOption::IndexIsValid) || role != Qt::DisplayRole)
            return {};
        return m_rows.at(index.row());
    }

    // Another list: what was shown goes, and its first page is asked for (unless a view asked
    // for it on the reset already).
    void reload()
    {
        beginResetModel();
        m_rows.clear();
        startOver();
        endResetModel();
        fetchMore({});
    }
    // Whether a view asking for more while a page's rows go in is answered (else refused).
    bool finishBeforeRows = true;
    QList<StorageError> failures;
    // Every page asked for, oldest first, for the test to answer.
    std::vector<std::unique_ptr<QPromise<NumbersPage>>> requests;
    using PagedListModel::startOver;

protected:
    void fetchNextPage() override
    {
        auto promise = std::make_unique<QPromise<NumbersPage>>();
        promise->start();
        const QFuture<NumbersPage> future = promise->future();
        requests.push_back(std::move(promise));
        requestPage(
            m_rows.isEmpty() ? PagedListModel::Page::First : PagedListModel::Page::Next, pageSize, future,
            [this](const QList<int> &numbers) {
                if (finishBeforeRows)
                    finishPage();
                if (numbers.isEmpty())
                    return;
                beginInsertRows({}, int(m_rows.size()), int(m_rows.size() + numbers.size()) - 1);
                m_rows.append(numbers);
                endInsertRows();
            },
            [this](const StorageError &error) { failures.append(error); });
    }

private:
    QList<int> m_rows;
};

void answer(NumbersModel &model, std::size_t request, const NumbersPage &page)
{
    QPromise<NumbersPage> &promise = *model.requests.at(request);
    promise.addResult(page);
    promise.finish();
}

NumbersPage numbers(int first, int count)
{
    NumbersPage page;
    for (int n = first; n < first + count; ++n)
        page.value.append(n);
    return page;
}

} // namespace

class TestPagedListModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void onePageAtATimeUntilAShortOne();
    void aViewAskingWhileRowsGoInIsAnsweredOnceThePageIsFinished();
    void answersForAListStartedOverAreDropped();
    void aFailedPageStopsPagingUntilOneIsAskedFor();
};

void TestPagedListModel::onePageAtATimeUntilAShortOne()
{
    NumbersModel model;
    model.finishBeforeRows = false;
    QSignalSpy loading(&model, &PagedListModel::loadingChanged);
    model.reload();
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QVERIFY(model.loading());
    QVERIFY(model.loadingFirstPage());
    QVERIFY(!model.canFetchMore({}));
    model.fetchMore({});
    QCOMPARE(model.requests.size(), std::size_t(1)); // neither the tester nor we got a second one

    answer(model, 0, numbers(0, NumbersModel::pageSize));
    QTRY_VERIFY(!model.loading());
    QCOMPARE(model.rowCount(), NumbersModel::pageSize);
    QVERIFY(!model.atEnd());
    QVERIFY(model.canFetchMore({}));
    QCOMPARE(loading.count(), 2);

    model.fetchMore({});
    QVERIFY(model.loading());
    QVERIFY(!model.loadingFirstPage());
    model.fetchMore({});
    QCOMPARE(model.requests.size(), std::size_t(2));
    answer(model, 1, numbers(3, 1)); // short: the list ends here
    QTRY_VERIFY(!model.loading());
    QCOMPARE(model.rowCount(), 4);
    QVERIFY(model.atEnd());
    QVERIFY(!model.canFetchMore({}));
    model.fetchMore({});
    QCOMPARE(model.requests.size(), std::size_t(2));
}

void TestPagedListModel::aViewAskingWhileRowsGoInIsAnsweredOnceThePageIsFinished()
{
    // The tester asks for more at every change, as an eager view would: a model that finishes its
    // page before the rows go in is read page by page; one that finishes after is asked once.
    for (const bool finishBeforeRows : {true, false}) {
        NumbersModel model;
        model.finishBeforeRows = finishBeforeRows;
        model.reload();
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        answer(model, 0, numbers(0, NumbersModel::pageSize));
        QTRY_COMPARE(model.rowCount(), NumbersModel::pageSize);
        QCOMPARE(model.requests.size(), std::size_t(finishBeforeRows ? 2 : 1));
        QCOMPARE(model.loading(), finishBeforeRows);
    }
}

void TestPagedListModel::answersForAListStartedOverAreDropped()
{
    NumbersModel model;
    model.reload();
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy loading(&model, &PagedListModel::loadingChanged);
    model.reload();                                       // before the first answer
    QCOMPARE(loading.count(), 2);                         // off with the old page, on with the new one
    answer(model, 0, numbers(0, NumbersModel::pageSize)); // late, for the list replaced
    answer(model, 1, numbers(10, 1));                     // its answer comes after, in order
    QTRY_VERIFY(!model.loading());
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.index(0).data().toInt(), 10);
    QVERIFY(model.atEnd());

    // Started over, a list is not at its end until a page says so.
    model.startOver();
    QVERIFY(!model.atEnd());
    QVERIFY(model.canFetchMore({}));
}

void TestPagedListModel::aFailedPageStopsPagingUntilOneIsAskedFor()
{
    NumbersModel model;
    model.reload();
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    NumbersPage failed;
    failed.error.kind = StorageError::Kind::Unavailable;
    failed.error.message = u"The database server cannot be reached."_s;
    answer(model, 0, failed);
    QTRY_VERIFY(!model.loading());
    QCOMPARE(model.failures.size(), 1);
    QCOMPARE(model.failures.at(0).message, failed.error.message);
    QVERIFY(model.pageFailed());
    QVERIFY(!model.atEnd());
    QVERIFY(!model.canFetchMore({})); // not again at every scroll
    QCOMPARE(model.requests.size(), std::size_t(1));

    model.reload();
    QVERIFY(!model.pageFailed());
    answer(model, 1, numbers(0, 2));
    QTRY_COMPARE(model.rowCount(), 2);
    QCOMPARE(model.failures.size(), 1);
}

QTEST_GUILESS_MAIN(TestPagedListModel)
#include "tst_pagedlistmodel.moc"
