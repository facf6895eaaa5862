// SPDX-License-Identifier: GPL-3.0-or-later
#include "tst_databaseopen.h"

DatabaseConfig TestDatabaseOpen::sqliteConfig(const QString &name)
{
    QString error;
    const auto config = DatabaseConfig::parse(QDir(m_dir.path()).filePath(name), &error);
    if (!config)
        qFatal("%s", qPrintable(error));
    return *config;
}

void TestDatabaseOpen::writeFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    QCOMPARE(file.write(bytes), bytes.size());
}

void TestDatabaseOpen::checkMovedAside(Database &db, const QString &path, const QByteArray &oldBytes)
{
    QVERIFY(!db.movedAsidePath().isEmpty());
    QVERIFY2(db.movedAsidePath().startsWith(path + QStringLiteral(".corrupt-")),
             qPrintable(db.movedAsidePath()));
    QFile moved(db.movedAsidePath());
    QVERIFY(moved.open(QIODevice::ReadOnly));
    QCOMPARE(moved.readAll(), oldBytes);
    QCOMPARE(Migrations::currentVersion(db, nullptr), Migrations::latestVersion());
    QSqlQuery query(db.connection());
    QVERIFY(query.exec(insertConversation.arg(QStringLiteral("fresh"))));
}

QTEST_GUILESS_MAIN(TestDatabaseOpen)
