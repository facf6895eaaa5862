// SPDX-License-Identifier: GPL-3.0-or-later
// ModelCache on real files.
#include "modelcache.h"

#include <QDir>
#include <QFile>
#include <QFutureWatcher>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#ifdef Q_OS_UNIX
#include <sys/stat.h>
#endif

using namespace Qt::StringLiterals;

namespace {
template<typename T> QFuture<T> settled(const QFuture<T> &future)
{
    QFutureWatcher<T> watcher;
    QSignalSpy done(&watcher, &QFutureWatcherBase::finished);
    watcher.setFuture(future);
    if (!future.isFinished())
        done.wait(10000);
    return future;
}
} // namespace

class TestModelCache : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void storeAndLoad()
    {
        QTemporaryDir dir;
        const QString folder = dir.filePath(u"cache/models"_s);
        const QUrl url(u"http://localhost:11434/v1"_s);
        const QDateTime before = QDateTime::currentDateTimeUtc().addSecs(-1);
        {
            ModelCache cache(folder);
            QVERIFY(!settled(cache.load(u"ollama"_s, url)).result());
            QCOMPARE(settled(cache.store(u"ollama"_s, url, {u"llama3.2"_s, u"qwen2.5:7b"_s})).result(),
                     QString());
        }
        ModelCache cache(folder); // a later run, offline
        const std::optional<CachedModels> loaded =
            settled(cache.load(u"Ollama"_s, QUrl(u"http://localhost:11434/v1/"_s))).result();
        QVERIFY(loaded);
        QCOMPARE(loaded->models, (QStringList{u"llama3.2"_s, u"qwen2.5:7b"_s}));
        QCOMPARE(loaded->baseUrl, url);
        QVERIFY(loaded->fetchedAt >= before && loaded->fetchedAt <= QDateTime::currentDateTimeUtc());
        QVERIFY(QFile::exists(QDir(folder).filePath(u"ollama.json"_s)));
    }

    // The cache and its folders are the user's only, whatever the umask.
    void filesAreOwnerOnly()
    {
#ifdef Q_OS_UNIX
        const mode_t umaskBefore = ::umask(022);
        const auto restore = qScopeGuard([umaskBefore] { ::umask(umaskBefore); });
        QTemporaryDir dir;
        const QString folder = dir.filePath(u"cache/models"_s);
        ModelCache cache(folder);
        QCOMPARE(settled(cache.store(u"p"_s, QUrl(u"http://localhost:1234/v1"_s), {u"a"_s})).result(),
                 QString());
        // Rewritten: the mode stays.
        QCOMPARE(settled(cache.store(u"p"_s, QUrl(u"http://localhost:1234/v1"_s), {u"b"_s})).result(),
                 QString());
        QCOMPARE(settled(cache.load(u"p"_s, QUrl(u"http://localhost:1234/v1"_s))).result()->models,
                 QStringList{u"b"_s});
        const auto mode = [](const QString &path) {
            struct stat info
            {
            };
            return ::stat(QFile::encodeName(path).constData(), &info) == 0 ? info.st_mode & 07777 : 0;
        };
        QCOMPARE(mode(QDir(folder).filePath(u"p.json"_s)), mode_t(0600));
        QCOMPARE(mode(folder), mode_t(0700));
        QCOMPARE(mode(dir.filePath(u"cache"_s)), mode_t(0700));
#else
        QSKIP("file modes are a Unix matter");
#endif
    }

    void anotherServerHasNoList()
    {
        QTemporaryDir dir;
        ModelCache cache(dir.path());
        settled(cache.store(u"p"_s, QUrl(u"http://localhost:1234/v1"_s), {u"a"_s}));
        QVERIFY(!settled(cache.load(u"p"_s, QUrl(u"http://localhost:8080/v1"_s))).result());
        QVERIFY(settled(cache.load(u"p"_s, QUrl(u"http://localhost:1234/v1"_s))).result());
    }

    void laterStoresWin()
    {
        QTemporaryDir dir;
        ModelCache cache(dir.path());
        const QUrl url(u"http://localhost:1234/v1"_s);
        for (int i = 0; i < 20; ++i)
            cache.store(u"p"_s, url, {QString::number(i)});
        QCOMPARE(settled(cache.load(u"p"_s, url)).result()->models, QStringList{u"19"_s});
        settled(cache.remove(u"p"_s));
        QVERIFY(!settled(cache.load(u"p"_s, url)).result());
    }

    void anUnwritableFolderIsReported()
    {
        QTemporaryDir dir;
        QFile blocker(dir.filePath(u"file"_s));
        QVERIFY(blocker.open(QIODevice::WriteOnly));
        blocker.close();
        ModelCache cache(dir.filePath(u"file/models"_s));
        const QString error = settled(cache.store(u"p"_s, QUrl(u"http://x/v1"_s), {u"a"_s})).result();
        QVERIFY2(error.contains(u"cannot create"), qPrintable(error));
    }

    void aDamagedFileIsNoList()
    {
        QTemporaryDir dir;
        QFile file(dir.filePath(u"p.json"_s));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("{not json");
        file.close();
        ModelCache cache(dir.path());
        QVERIFY(!settled(cache.load(u"p"_s, QUrl(u"http://x/v1"_s))).result());
    }
};

QTEST_GUILESS_MAIN(TestModelCache)
#include "tst_modelcache.moc"
