// SPDX-License-Identifier: GPL-3.0-or-later
// The streaming floor: the least a window can do with a streamed reply. A window of the app's
// size with a ListView of plain Text blocks (one per blank-line-separated block) follows the end
// of the reply as it streams from the same server, each piece shown as it arrives. It logs the
// same timestamps as the app's confab.frames (arrived, handed, sync, swap) on stderr.
//   streamfloor BASE_URL [--start-after SECONDS] [--message TEXT]
// Quits a few seconds after the reply ends unless --stay is given.
#include <QCommandLineParser>
#include <QGuiApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QQuickView>
#include <QStringListModel>
#include <QTimer>

#include <chrono>
#include <cstdio>

using namespace Qt::StringLiterals;

namespace {

long long nowUs()
{
    return std::chrono::duration_cast<std::chrono::microseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

void stamp(const char *what)
{
    std::fprintf(stderr, "floor: %s %lld\n", what, nowUs());
}

// Appends streamed text to the blocks: the last row grows, a blank line starts a new one.
void append(QStringListModel &blocks, QString &last, const QString &text)
{
    last += text;
    QStringList parts = last.split(u"\n\n"_s);
    last = parts.takeLast();
    int row = blocks.rowCount() - 1;
    if (row < 0) {
        blocks.insertRows(0, 1);
        row = 0;
    }
    for (const QString &part : std::as_const(parts)) {
        blocks.setData(blocks.index(row), part);
        blocks.insertRows(++row, 1);
    }
    blocks.setData(blocks.index(row), last);
}

} // namespace

int main(int argc, char *argv[])
{
    QGuiApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addPositionalArgument(u"base-url"_s, u"The server's API base URL."_s);
    const QCommandLineOption startAfter(u"start-after"_s, u"Seconds before the request."_s, u"S"_s, u"0"_s);
    const QCommandLineOption message(u"message"_s, u"The question."_s, u"TEXT"_s, u"go"_s);
    const QCommandLineOption stay(u"stay"_s, u"Keep the window open after the reply."_s);
    parser.addOptions({startAfter, message, stay});
    parser.addHelpOption();
    parser.process(app);
    if (parser.positionalArguments().size() != 1)
        parser.showHelp(2);

    QStringListModel blocks;
    QString last;
    QQuickView view;
    view.setInitialProperties({{u"blocks"_s, QVariant::fromValue(&blocks)}});
    view.setResizeMode(QQuickView::SizeRootObjectToView);
    view.setSource(QUrl(u"qrc:/floor/StreamFloor.qml"_s));
    view.resize(1280, 800);
    view.setTitle(u"Streaming floor"_s);
    view.show();
    QObject::connect(
        &view, &QQuickWindow::beforeSynchronizing, &view, [] { stamp("sync"); }, Qt::DirectConnection);
    QObject::connect(
        &view, &QQuickWindow::frameSwapped, &view, [] { stamp("swap"); }, Qt::DirectConnection);

    QNetworkAccessManager network;
    QByteArray buffer;
    const QUrl url(parser.positionalArguments().constFirst() + u"/chat/completions"_s);
    const QByteArray body =
        QJsonDocument(QJsonObject{
                          {u"model"_s, u"paced"_s},
                          {u"stream"_s, true},
                          {u"messages"_s, QJsonArray{QJsonObject{{u"role"_s, u"user"_s},
                                                                 {u"content"_s, parser.value(message)}}}},
                      })
            .toJson(QJsonDocument::Compact);
    QTimer::singleShot(
        std::chrono::milliseconds(qRound(parser.value(startAfter).toDouble() * 1000)), &app, [&] {
            QNetworkRequest request(url);
            request.setHeader(QNetworkRequest::ContentTypeHeader, u"application/json"_s);
            QNetworkReply *reply = network.post(request, body);
            QObject::connect(reply, &QNetworkReply::readyRead, &app, [&, reply] {
                buffer += reply->readAll();
                QString text;
                qsizetype end;
                while ((end = buffer.indexOf("\n\n")) >= 0) {
                    const QByteArray event = buffer.left(end);
                    buffer.remove(0, end + 2);
                    if (!event.startsWith("data: ") || event == "data: [DONE]")
                        continue;
                    const QJsonObject delta = QJsonDocument::fromJson(event.mid(6))
                                                  .object()[u"choices"_s][0][u"delta"_s]
                                                  .toObject();
                    text += delta[u"content"_s].toString();
                }
                if (text.isEmpty())
                    return;
                stamp("arrived");
                append(blocks, last, text);
                stamp("handed");
            });
            QObject::connect(reply, &QNetworkReply::finished, &app, [&, reply] {
                reply->deleteLater();
                std::fprintf(stderr, "floor: done, %d blocks\n", int(blocks.rowCount()));
                if (!parser.isSet(stay))
                    QTimer::singleShot(std::chrono::seconds(12), &app, &QCoreApplication::quit);
            });
        });
    return app.exec();
}
