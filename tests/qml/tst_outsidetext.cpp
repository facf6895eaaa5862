// SPDX-License-Identifier: GPL-3.0-or-later
// Text from outside is shown as written and fetches nothing: the real window (Main.qml, the
// real AppContext, a SQLite file, the real OpenAI client against the scripted server) shows a
// conversation title, a server's error and the server's model names that each carry an
// <img src> pointing at a local listener. The window shows them as typed, and the listener sees
// no request (a control image, shown the way a Label's default would, proves it could).
#include "appcontext.h"
#include "appsettings.h"
#include "chatcontroller.h"
#include "conversationstore.h"
#include "futurewait.h"
#include "messagemodel.h"
#include "offlineqmlnetwork.h"
#include "providersetup.h"
#include "sceneitems.h"
#include "scriptedresponse.h"
#include "scriptedserver.h"
#include "testdatabases.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QQmlApplicationEngine>
#include <QQmlComponent>
#include <QQuickItem>
#include <QQuickWindow>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>
#include <QtQml/QQmlExtensionPlugin>

#include <memory>

Q_IMPORT_QML_PLUGIN(ConfabPlugin)

using namespace Qt::StringLiterals;

namespace {

constexpr int timeout = 30000;
constexpr int plainText = 0; // Text.PlainText and TextEdit.PlainText

// The visible text items (Text, Label, TextEdit…) below `root` whose text contains `part`.
QList<QQuickItem *> textItemsWith(QQuickItem *root, const QString &part)
{
    const QList<QQuickItem *> all = visibleItemsBelow(root);
    QList<QQuickItem *> found;
    for (QQuickItem *item : std::as_const(all)) {
        if (item->metaObject()->indexOfProperty("textFormat") >= 0 &&
            item->property("text").toString().contains(part))
            found.append(item);
    }
    return found;
}

QString describe(const QList<QQuickItem *> &items)
{
    QStringList lines;
    for (QQuickItem *item : items)
        lines.append(u"%1 (textFormat %2): %3"_s.arg(QString::fromLatin1(item->metaObject()->className()))
                         .arg(item->property("textFormat").toInt())
                         .arg(item->property("text").toString()));
    return lines.join(u'\n');
}

} // namespace

class TestOutsideText : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanup();
    void titlesErrorsAndModelNamesFetchNothing();
    void theAppsEngineCannotFetch();

private:
    QString pixel(const QString &name) const;
    QStringList fetched() const; // the paths asked of the listener so far
    bool waitForFrame();
    QQuickItem *visibleItem(const QString &objectName);
    QQuickItem *messageRow(int index);
    // Waits until a visible item shows `text`; notes each that reads it as HTML.
    void shownAsWritten(const QString &text, const char *where);
    // Nothing was fetched from the listener but the control image, and nothing read as HTML.
    void nothingFetched(const QString &control);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<ConversationStore> m_store;
    std::unique_ptr<ScriptedServer> m_server;
    std::unique_ptr<ScriptedServer> m_pixels; // where the <img src> point
    std::unique_ptr<QNetworkAccessManager> m_network;
    std::unique_ptr<AppSettings> m_settings;
    std::unique_ptr<AppContext> m_context;
    std::unique_ptr<QQmlApplicationEngine> m_engine;
    QQuickWindow *m_window = nullptr;
    QStringList m_readAsHtml;
};

void TestOutsideText::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(u"ConfabTest"_s);
    QCoreApplication::setApplicationName(u"tst_outsidetext"_s);
}

void TestOutsideText::cleanup()
{
    m_engine.reset();
    m_context.reset();
    m_settings.reset();
    m_window = nullptr;
    m_network.reset();
    m_pixels.reset();
    m_server.reset();
    m_store.reset();
    m_dir.reset();
}

QString TestOutsideText::pixel(const QString &name) const
{
    return u"<img src=\"%1\">"_s.arg(m_pixels->url(u"/"_s + name + u".png"_s).toString());
}

bool TestOutsideText::waitForFrame()
{
    QSignalSpy swapped(m_window, &QQuickWindow::frameSwapped);
    m_window->update();
    return swapped.wait(10000);
}

QQuickItem *TestOutsideText::messageRow(int index)
{
    // The view lists the messages newest first: a delegate is found by its message's row.
    const MessageModel *messages = m_context->chat()->messages();
    const QList<QQuickItem *> all = visibleItemsBelow(m_window->contentItem());
    for (QQuickItem *item : std::as_const(all)) {
        if (item->objectName() == u"message"_s &&
            messages->rowOf(item->property("messageId").toString()) == index)
            return item;
    }
    return nullptr;
}

QQuickItem *TestOutsideText::visibleItem(const QString &objectName)
{
    const QList<QQuickItem *> all = visibleItemsBelow(m_window->contentItem());
    for (QQuickItem *item : std::as_const(all)) {
        if (item->objectName() == objectName)
            return item;
    }
    return nullptr;
}

void TestOutsideText::shownAsWritten(const QString &text, const char *where)
{
    QTRY_VERIFY2_WITH_TIMEOUT(!textItemsWith(m_window->contentItem(), text).isEmpty(), where, timeout);
    const QList<QQuickItem *> items = textItemsWith(m_window->contentItem(), text);
    for (QQuickItem *item : items) {
        if (item->property("textFormat").toInt() != plainText)
            m_readAsHtml.append(QString::fromLatin1(where) + u": "_s + describe({item}));
    }
}

void TestOutsideText::nothingFetched(const QString &control)
{
    // The control: an image shown the way a Label's default shows it is fetched from the
    // listener. Asked for after all the window showed, it arrives after anything that asked.
    QQmlComponent component(m_engine.get());
    component.setData("import QtQuick\nText { text: '" + pixel(control).toUtf8() + "' }", QUrl());
    std::unique_ptr<QObject> text(component.create());
    QVERIFY2(text, qPrintable(component.errorString()));
    qobject_cast<QQuickItem *>(text.get())->setParentItem(m_window->contentItem());
    const QString path = u"/"_s + control + u".png"_s;
    QTRY_VERIFY_WITH_TIMEOUT(fetched().contains(path), timeout);
    QStringList others = fetched();
    others.removeIf([](const QString &p) { return p.startsWith(u"/control"_s); });
    QVERIFY2(others.isEmpty(), qPrintable(u"fetched: "_s + others.join(u", "_s)));
    // Nor a connection that has not asked yet.
    QVERIFY(m_pixels->connectionCount() <= fetched().size());
    QVERIFY2(m_readAsHtml.isEmpty(), qPrintable(m_readAsHtml.join(u'\n')));
}

void TestOutsideText::titlesErrorsAndModelNamesFetchNothing()
{
    QSettings().clear();
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    QString error;
    const std::optional<DatabaseConfig> database = TestDatabases::fresh(u"sqlite"_s, m_dir->path(), &error);
    QVERIFY2(database, qPrintable(error));
    m_store = std::make_unique<ConversationStore>(*database);
    QTRY_VERIFY_WITH_TIMEOUT(m_store->status() == ConversationStore::Status::Ready, timeout);
    m_server = std::make_unique<ScriptedServer>();
    QVERIFY(m_server->listen());
    m_pixels = std::make_unique<ScriptedServer>();
    QVERIFY(m_pixels->listen());
    m_pixels->setFallback(ScriptedResponse::json(404, "{}"));
    m_network = std::make_unique<QNetworkAccessManager>();

    // A title written by a model, or by another machine sharing the history.
    const QString title = u"Plans <b>x</b>"_s + pixel(u"title"_s) + u" for Friday"_s;
    ConversationRecord conversation;
    conversation.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    conversation.title = title;
    conversation.createdAt = conversation.updatedAt = QDateTime::currentDateTimeUtc();
    QVERIFY(saved(m_store->saveConversation(conversation), this));

    // The server's models, one of them named to fetch; the window starts on that one.
    const QString model = u"tiny"_s + pixel(u"model"_s);
    const QJsonDocument models(QJsonObject{
        {u"object"_s, u"list"_s},
        {u"data"_s, QJsonArray{QJsonObject{{u"id"_s, u"gpt-test"_s}}, QJsonObject{{u"id"_s, model}}}}});
    m_server->setFallback(ScriptedResponse::json(200, models.toJson(QJsonDocument::Compact)));
    ProviderSetup setup;
    setup.config.baseUrl = m_server->baseUrl();
    setup.config.apiKey = u"sk-test"_s;
    setup.config.retry.maxRetries = 0;
    setup.model = model;
    m_settings = std::make_unique<AppSettings>();
    m_context = std::make_unique<AppContext>(m_store.get(), m_network.get(), m_settings.get(), setup);
    m_engine = std::make_unique<QQmlApplicationEngine>();
    AppContext::provide(m_engine.get(), m_context.get());
#if QT_VERSION >= QT_VERSION_CHECK(6, 5, 0)
    m_engine->loadFromModule("Confab", "Main");
#else
    m_engine->load(QUrl(u"qrc:/Confab/Main.qml"_s));
#endif
    QCOMPARE(m_engine->rootObjects().size(), 1);
    m_window = qobject_cast<QQuickWindow *>(m_engine->rootObjects().constFirst());
    QVERIFY(m_window);
    m_window->requestActivate();
    QVERIFY(QTest::qWaitForWindowExposed(m_window));

    // The title, in the sidebar, as typed.
    shownAsWritten(title, "the conversation's title");

    // The server's error, on the message.
    const QString serverError = u"Bad request "_s + pixel(u"error"_s);
    m_server->enqueue("POST", "/v1/chat/completions", ScriptedResponse::openAiError(400, serverError));
    QTRY_VERIFY_WITH_TIMEOUT(m_context->canSend(), timeout);
    m_context->chat()->send(u"Hello"_s);
    MessageModel *messages = m_context->chat()->messages();
    QTRY_COMPARE_WITH_TIMEOUT(messages->index(1).data(MessageModel::StatusRole).toString(), u"error"_s,
                              timeout);
    QVERIFY2(messages->index(1).data(MessageModel::ErrorTextRole).toString().contains(serverError),
             qPrintable(messages->index(1).data(MessageModel::ErrorTextRole).toString()));
    shownAsWritten(serverError, "the server's error");

    // The reply's tooltip names its model.
    QTRY_VERIFY_WITH_TIMEOUT(messageRow(1), timeout);
    QVERIFY(waitForFrame());
    QQuickItem *replyRow = messageRow(1);
    QTest::mouseMove(m_window, replyRow->mapToScene(QPointF(replyRow->width() / 2, 8)).toPoint());
    shownAsWritten(model, "the model's name in the reply's tooltip");
    nothingFetched(u"control"_s);
    if (QTest::currentTestFailed())
        return;

    // The model box and its list of the server's models.
    QTRY_VERIFY_WITH_TIMEOUT(m_context->models().contains(model), timeout);
    QQuickItem *box = visibleItem(u"modelSelector"_s);
    QVERIFY(box);
    QObject *popup = box->property("popup").value<QObject *>();
    QVERIFY(popup);
    QMetaObject::invokeMethod(popup, "open");
    QTRY_VERIFY_WITH_TIMEOUT(popup->property("opened").toBool(), timeout);
    auto *list = popup->property("contentItem").value<QQuickItem *>();
    QVERIFY(list);
    QTRY_VERIFY_WITH_TIMEOUT(!textItemsWith(list, model).isEmpty(), timeout);
    shownAsWritten(model, "the server's model names");
    QVERIFY(waitForFrame());

    nothingFetched(u"control-models"_s);
}

// The second wall: the app gives its engine OfflineQmlNetwork, whose access managers refuse every
// request (what an <img src> in rich text would ask for) without opening a connection.
void TestOutsideText::theAppsEngineCannotFetch()
{
    m_pixels = std::make_unique<ScriptedServer>();
    QVERIFY(m_pixels->listen());
    m_pixels->setFallback(ScriptedResponse::json(404, "{}"));
    OfflineQmlNetwork offline;
    QQmlEngine engine;
    engine.setNetworkAccessManagerFactory(&offline);
    std::unique_ptr<QNetworkReply> reply(
        engine.networkAccessManager()->get(QNetworkRequest(m_pixels->url(u"/direct.png"_s))));
    QTRY_VERIFY_WITH_TIMEOUT(reply->isFinished(), timeout);
    QCOMPARE(reply->error(), QNetworkReply::ProtocolUnknownError);
    QCOMPARE(m_pixels->connectionCount(), 0); // finished without ever connecting
}

QStringList TestOutsideText::fetched() const
{
    QStringList paths;
    const QList<RecordedRequest> requests = m_pixels->requests();
    for (const RecordedRequest &request : requests)
        paths.append(QString::fromLatin1(request.path()));
    return paths;
}

QTEST_MAIN(TestOutsideText)
#include "tst_outsidetext.moc"
