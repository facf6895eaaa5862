// SPDX-License-Identifier: GPL-3.0-or-later
// The long-conversation benchmark: opens a 1,000-message conversation (code, tables, math) in the
// real window, or its text in a bare ListView (the floor), and measures what a user waits for and
// what the machine pays: the time to a stable first screen at the end, the rows read, the frames
// and CPU once it stands still, the frames while wheel-scrolling to the top, the frames and CPU
// once scrolling stops, and the resident memory after. Prints key=value lines;
// run-longchat-bench.sh runs the app and the floor alternately and writes BENCHMARKS.md.
#include "appcontext.h"
#include "appsettings.h"
#include "chatcontroller.h"
#include "conversationstore.h"
#include "databaseconfig.h"
#include "longconversation.h"
#include "messagemodel.h"
#include "providersetup.h"
#include "windowprobe.h"

#include <QCommandLineParser>
#include <QEventLoop>
#include <QGuiApplication>
#include <QNetworkAccessManager>
#include <QQmlApplicationEngine>
#include <QQuickItem>
#include <QQuickStyle>
#include <QQuickWindow>
#include <QSettings>
#include <QStandardPaths>
#include <QStringListModel>
#include <QTimer>
#include <QWheelEvent>
#include <QtQml/QQmlExtensionPlugin>

#include <cstdio>
#include <functional>
#include <memory>

Q_IMPORT_QML_PLUGIN(ConfabPlugin)

using namespace Qt::StringLiterals;

namespace {

void runFor(int ms)
{
    QEventLoop loop;
    QTimer::singleShot(ms, &loop, &QEventLoop::quit);
    loop.exec();
}

// Runs the event loop, calling `done` every 10 ms, until it says so or `limitMs` passed.
void runUntil(const std::function<bool()> &done, int limitMs)
{
    QEventLoop loop;
    QElapsedTimer clock;
    clock.start();
    QTimer poll;
    QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
        if (done() || clock.elapsed() >= limitMs)
            loop.quit();
    });
    poll.start(10);
    loop.exec();
}

void print(const char *key, double value)
{
    std::printf("%s=%.2f\n", key, value);
}

struct View
{
    QQuickWindow *window = nullptr;
    QQuickItem *list = nullptr;
    std::function<void()> open;
    std::function<bool()> allLoaded; // every row of the conversation is in the list's model
    std::function<int()> rows;       // rows read into the list's model
};

// What changing the list looks like from outside: its place, its size, its rows.
QList<double> listState(const View &view)
{
    return {view.list->property("contentY").toDouble(), view.list->property("originY").toDouble(),
            view.list->property("contentHeight").toDouble(), view.list->property("count").toDouble(),
            double(view.rows())};
}

void wheelUp(const View &view)
{
    // At the list's left edge, low: a reply's tooltip (shown over it after a hover) would take the
    // wheel at its centre.
    const QPointF at = view.list->mapToScene(QPointF(4, view.list->height() - 40));
    QWheelEvent wheel(at, view.window->mapToGlobal(at), QPoint(), QPoint(0, 120), Qt::NoButton,
                      Qt::NoModifier, Qt::NoScrollPhase, false);
    // Flickable reads the wheel's speed from the events' times, as a real wheel's.
    static QElapsedTimer clock;
    if (!clock.isValid())
        clock.start();
    wheel.setTimestamp(ulong(clock.elapsed()));
    QGuiApplication::sendEvent(view.window, &wheel);
}

// With --shot PREFIX, what the window shows at PREFIX-NAME.png, to look at.
void shoot(const View &view, const QString &prefix, const QString &name)
{
    if (!prefix.isEmpty())
        view.window->grabWindow().save(prefix + u'-' + name + u".png"_s);
}

int measure(const View &view, int scrollLimitMs, const QString &shot)
{
    WindowProbe probe(view.window);
    runFor(1000); // the window's first frames and the sidebar's first page are in
    if (qEnvironmentVariableIsSet("BENCH_LONGCHAT_TRACE")) {
        probe.begin();
        runFor(2000);
        std::printf("trace frames before opening: %d, cpu %.1f%%\n", probe.frames(), probe.cpuPercent());
    }
    print("rss_mb_before", WindowProbe::residentMb());

    // Opening: until nothing about the list has changed for a second (or 5 s: a busy loop).
    probe.begin();
    view.open();
    QList<double> last = listState(view);
    qint64 lastChange = 0;
    runUntil(
        [&] {
            const QList<double> now = listState(view);
            if (now != last) {
                if (qEnvironmentVariableIsSet("BENCH_LONGCHAT_TRACE"))
                    std::printf(
                        "trace %lld ms: contentY=%.0f originY=%.0f height=%.0f count=%.0f rows=%.0f\n",
                        probe.elapsedMs(), now[0], now[1], now[2], now[3], now[4]);
                last = now;
                lastChange = probe.elapsedMs();
            }
            return view.rows() > 0 && probe.elapsedMs() - lastChange >= 1000;
        },
        5000);
    qint64 stableAt = lastChange;
    for (const qint64 frame : probe.frameTimes()) {
        if (frame >= lastChange) {
            stableAt = frame;
            break;
        }
    }
    const bool settled = probe.elapsedMs() - lastChange >= 1000;
    print("open_ms", settled ? double(stableAt) : -1.0);
    print("open_frames", probe.frames());
    print("rows_after_open", view.rows());
    print("at_end_after_open", view.list->property("atYEnd").toBool() ? 1 : 0);

    probe.begin();
    runFor(2000);
    print("idle_after_open_frames", probe.frames());
    print("idle_after_open_cpu_pct", probe.cpuPercent());
    print("rss_mb_after_open", WindowProbe::residentMb());
    shoot(view, shot, u"open"_s);

    // Wheel-scrolling to the top, a notch a frame, older pages coming in as they are needed; up
    // to four times Flickable's default top speed, so that a run takes seconds, not minutes.
    view.list->setProperty("maximumFlickVelocity", 10000);
    probe.begin();
    QEventLoop loop;
    QTimer wheel;
    QObject::connect(&wheel, &QTimer::timeout, &loop, [&] {
        if ((view.list->property("atYBeginning").toBool() && view.allLoaded()) ||
            probe.elapsedMs() >= scrollLimitMs) {
            loop.quit();
            return;
        }
        wheelUp(view);
    });
    wheel.start(16);
    loop.exec();
    wheel.stop();
    print("scroll_reached_top", view.list->property("atYBeginning").toBool() && view.allLoaded() ? 1 : 0);
    print("scroll_s", double(probe.elapsedMs()) / 1000.0);
    print("scroll_frames", probe.frames());
    print("scroll_longest_frame_ms", double(probe.longestFrameMs()));
    print("scroll_frames_over_32ms", probe.framesOver(32));
    print("scroll_cpu_pct", probe.cpuPercent());
    print("rows_after_scroll", view.rows());

    if (qEnvironmentVariableIsSet("BENCH_LONGCHAT_TRACE")) {
        for (int i = 0; i < 15; ++i) {
            runFor(200);
            std::printf("trace contentY=%.1f originY=%.1f height=%.1f moving=%d flicking=%d velocity=%.1f "
                        "frames=%d\n",
                        view.list->property("contentY").toDouble(), view.list->property("originY").toDouble(),
                        view.list->property("contentHeight").toDouble(),
                        view.list->property("moving").toBool(), view.list->property("flicking").toBool(),
                        view.list->property("verticalVelocity").toDouble(), probe.frames());
        }
    }
    // Once the wheel stops: until the flick has ended (15 s at most) and a second more, then what
    // it still costs.
    runUntil([&] { return !view.list->property("moving").toBool(); }, 15000);
    runFor(1000);
    probe.begin();
    runFor(2000);
    print("after_scroll_frames", probe.frames());
    print("after_scroll_cpu_pct", probe.cpuPercent());
    print("rss_mb_after_scroll", WindowProbe::residentMb());
    shoot(view, shot, u"scrolled"_s);
    return 0;
}

template<typename Future> auto await(const Future &future)
{
    while (!future.isFinished())
        QCoreApplication::processEvents(QEventLoop::AllEvents, 10);
    return future.result();
}

} // namespace

int main(int argc, char *argv[])
{
    QGuiApplication app(argc, argv);
    QCoreApplication::setOrganizationName(u"ConfabBench"_s);
    QCoreApplication::setApplicationName(u"bench_longchat"_s);
    QStandardPaths::setTestModeEnabled(true); // settings of its own, not the user's

    QCommandLineParser parser;
    parser.addHelpOption();
    const QCommandLineOption database(u"database"_s, u"The SQLite file of the corpus."_s, u"PATH"_s);
    const QCommandLineOption make(u"make-corpus"_s,
                                  u"Writes the conversation into a new database and prints its id."_s);
    const QCommandLineOption messages(u"messages"_s, u"Messages in the conversation (default 1000)."_s,
                                      u"N"_s, u"1000"_s);
    const QCommandLineOption mode(u"mode"_s, u"app (the window) or floor (a bare ListView)."_s, u"MODE"_s,
                                  u"app"_s);
    const QCommandLineOption conversation(u"conversation"_s, u"The conversation to open."_s, u"ID"_s);
    const QCommandLineOption scrollLimit(u"scroll-limit"_s, u"Seconds of scrolling at most (default 120)."_s,
                                         u"S"_s, u"120"_s);
    const QCommandLineOption shot(
        u"shot"_s, u"Saves the window after opening and after scrolling as PREFIX-*.png."_s, u"PREFIX"_s);
    parser.addOptions({database, make, messages, mode, conversation, scrollLimit, shot});
    parser.process(app);

    QString error;
    const std::optional<DatabaseConfig> config = DatabaseConfig::parse(parser.value(database), &error);
    if (!config) {
        std::fprintf(stderr, "bench_longchat: %s\n", qPrintable(error));
        return 2;
    }
    ConversationStore store(*config);
    while (store.status() != ConversationStore::Status::Ready) {
        if (store.status() == ConversationStore::Status::Failed) {
            std::fprintf(stderr, "bench_longchat: %s\n", qPrintable(store.statusMessage()));
            return 1;
        }
        QCoreApplication::processEvents(QEventLoop::AllEvents, 10);
    }

    if (parser.isSet(make)) {
        const QString id = LongConversation::write(store, parser.value(messages).toInt(), 13, &error);
        if (id.isEmpty()) {
            std::fprintf(stderr, "bench_longchat: %s\n", qPrintable(error));
            return 1;
        }
        std::printf("conversation=%s\n", qPrintable(id));
        return 0;
    }

    const QString id = parser.value(conversation);
    const int limitMs = parser.value(scrollLimit).toInt() * 1000;
    if (parser.value(mode) == u"floor"_s) {
        const StorageResult<QList<MessageRecord>> branch = await(store.fullBranch(id));
        QStringList texts;
        for (const MessageRecord &message : branch.value)
            texts.append(message.content);
        QStringListModel model(texts);
        QQmlApplicationEngine engine;
        engine.load(QUrl(u"qrc:/bench/floor.qml"_s));
        View view;
        view.window = qobject_cast<QQuickWindow *>(engine.rootObjects().value(0));
        if (!view.window || texts.isEmpty())
            return 1;
        view.list = view.window->findChild<QQuickItem *>(u"messageList"_s);
        view.open = [&] {
            QMetaObject::invokeMethod(view.window, "open",
                                      Q_ARG(QVariant, QVariant::fromValue<QObject *>(&model)));
        };
        view.allLoaded = [] {
            return true;
        };
        view.rows = [&] {
            return view.list->property("count").toInt();
        };
        return measure(view, limitMs, parser.value(shot));
    }

    QSettings().clear(); // the window's default size and sidebar
    QQuickStyle::setStyle(u"Fusion"_s);
    QNetworkAccessManager network;
    AppSettings settings;
    ProviderSetup setup;
    setup.config.baseUrl = QUrl(u"http://127.0.0.1:9/v1"_s); // nothing is sent: the chat is only read
    setup.config.apiKey = u"sk-bench"_s;
    setup.config.retry.maxRetries = 0;
    setup.model = u"gpt-bench"_s;
    AppContext context(&store, &network, &settings, setup);
    QQmlApplicationEngine engine;
    AppContext::provide(&engine, &context);
    engine.load(QUrl(u"qrc:/Confab/Main.qml"_s));
    View view;
    view.window = qobject_cast<QQuickWindow *>(engine.rootObjects().value(0));
    if (!view.window)
        return 1;
    view.list = view.window->findChild<QQuickItem *>(u"messageList"_s);
    MessageModel *rows = context.chat()->messages();
    view.open = [&] {
        context.chat()->openConversation(id);
    };
    view.allLoaded = [rows] {
        return rows->hasAllMessages();
    };
    view.rows = [rows] {
        return rows->rowCount();
    };
    return measure(view, limitMs, parser.value(shot));
}
