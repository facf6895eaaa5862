// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The window as a user drives it: the real Main.qml with the real AppContext, a real store on a
// temporary SQLite file and the real OpenAI client against the scripted server. The test types
// into the composer, presses keys and clicks buttons, and checks the models, the database and
// what is on screen.
#include "appcontext.h"
#include "appsettings.h"
#include "assistantlistmodel.h"
#include "chatcontroller.h"
#include "codehighlighter.h"
#include "conversationlistmodel.h"
#include "conversationstore.h"
#include "databasepeek.h"
#include "futurecallback.h"
#include "messagemodel.h"
#include "persistgate.h"
#include "profilepreset.h"
#include "profilestore.h"
#include "providersettings.h"
#include "providersetup.h"
#include "sceneitems.h"
#include "scriptedresponse.h"
#include "scriptedserver.h"
#include "searchmodel.h"
#include "secretstore.h"
#include "sessionsecrets.h"
#include "ssebodybuilder.h"
#include "testdatabases.h"

#include <QAbstractItemModelTester>
#include <QAccessible>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QNetworkAccessManager>
#include <QQmlApplicationEngine>
#include <QQuickItem>
#include <QQuickWindow>
#include <QScopeGuard>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTextDocumentFragment>
#include <QUuid>
#include <QtQml/QQmlExtensionPlugin>

#include <algorithm>
#include <functional>
#include <memory>

using namespace Qt::StringLiterals;

constexpr int timeout = 30000;
constexpr QByteArrayView chatPath = "/v1/chat/completions";

inline ScriptedResponse reply(const QStringList &deltas)
{
    return ScriptedResponse::eventStream(SseBodyBuilder().reply(deltas).bytes());
}

// The plain text an item shows: a TextEdit's document as text, a Label's text without markup.
inline QString shownText(QQuickItem *item)
{
    if (!item)
        return {};
    if (item->metaObject()->indexOfMethod("getText(int,int)") >= 0) {
        QString text;
        const int length = item->property("length").toInt();
        QMetaObject::invokeMethod(item, "getText", Q_RETURN_ARG(QString, text), Q_ARG(int, 0),
                                  Q_ARG(int, length));
        return text;
    }
    const QVariant text = item->property("text");
    if (!text.isValid())
        return {};
    return QTextDocumentFragment::fromHtml(text.toString()).toPlainText();
}

inline QList<QQuickItem *> visibleItems(QQuickItem *root, const QString &objectName)
{
    const QList<QQuickItem *> all = visibleItemsBelow(root);
    QList<QQuickItem *> named;
    for (QQuickItem *item : std::as_const(all)) {
        if (item->objectName() == objectName)
            named.append(item);
    }
    return named;
}

// All the text shown below `root`, one item's text a line.
inline QString allShownText(QQuickItem *root)
{
    const QList<QQuickItem *> all = visibleItemsBelow(root);
    QStringList texts;
    for (QQuickItem *item : std::as_const(all)) {
        const QString text = shownText(item);
        if (!text.isEmpty())
            texts.append(text);
    }
    return texts.join(u'\n');
}

class TestChatWindow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void windowOpensWithTheComposerFocused();
    void enterShowsBothMessagesAtOnceStreamsAndSaves();
    void escapeStopsAndKeepsTheText();
    void regenerateAndBranchSwitching();
    void upEditsTheLastQuestionAndResendsAsABranch();
    void searchFindsAndOpensAConversation();
    void errorShowsOnTheMessageAndRetryAnswers();
    void chatSettingsAndAssistants();
    void noKeySaysWhyAndKeepsTheText();
    void aConversationGoesOnWithItsOwnProfile();
    void theModelShownIsTheModelSent();
    void aCutShortReplyIsMarkedAndContinues();
    void settingsCheckAKeyBeforeKeepingItInTheKeychain();
    void everyMessageAndControlHasAnAccessibleNameAndRole();
    // tst_chatwindow_thinking.cpp
    void aReasoningReplyThinksThenCollapses();
    void reasoningEffortIsAChatSetting();
    // tst_chatwindow_math.cpp
    void aFormulaInAReplyIsTypesetAndCopiedAsTeX();
    void aReplyWithCodeAndMathInBothThemes();
    // tst_chatwindow_code.cpp
    void codeBlocksAreColouredInBothThemes();
    void aStreamingCodeBlockIsColouredBeforeItCloses();
    void aLongReplyKeepsOnlyTheBlocksNearTheViewInTheScene();
    // tst_chatwindow_longconversation.cpp
    void aLongConversationOpensAtItsEndAndStaysThere();
    void aLongConversationScrollsToAnOldMessageAndReadsOnlyTheWayThere();

private:
    void start(const QString &apiKey = u"sk-test"_s);
    // Loads Main.qml as the app does, for the AppContext made already, and waits for the window.
    void loadWindow();
    QQuickItem *item(const QString &objectName, int index = 0);
    // The messages shown, oldest first (the view lists them newest first).
    QList<QQuickItem *> messages();
    // A message delegate's row in the message model.
    int rowOf(QQuickItem *message) const;
    QString messageText(int row);
    void click(QQuickItem *item);
    void type(const QString &text);
    void press(Qt::Key key, Qt::KeyboardModifiers modifiers = Qt::NoModifier);
    // Sends `text` answered with `deltas` (and, for a new chat, the title request) and waits
    // until both rows are saved.
    bool exchange(const QString &text, const QStringList &deltas, const QString &title = {});
    bool waitForSaved(int row);
    bool waitForFrame();
    // A stored conversation of `count` messages, replies taller than the view; their ids, oldest first.
    QStringList seedLongConversation(int count, QString *conversationId);
    // The part of the message's delegate inside the message list (empty: not in sight).
    QRectF shownPart(const QString &messageId);
    // The view is at the end: the newest message's bottom is at the view's.
    bool showsTheEnd(const QString &newestId);
    // The messages and controls shown that a screen reader could not name, one a line.
    QStringList unnamedForAReader();

    std::unique_ptr<QTemporaryDir> m_dir;
    std::optional<DatabaseConfig> m_database;
    std::unique_ptr<ConversationStore> m_store;
    std::unique_ptr<ScriptedServer> m_server;
    std::unique_ptr<QNetworkAccessManager> m_network;
    std::unique_ptr<AppSettings> m_settings;
    std::unique_ptr<AppContext> m_context;
    std::unique_ptr<QQmlApplicationEngine> m_engine;
    std::unique_ptr<QAbstractItemModelTester> m_messagesTester;
    std::unique_ptr<QAbstractItemModelTester> m_conversationsTester;
    QQuickWindow *m_window = nullptr;
    MessageModel *m_messages = nullptr;
    QList<QQmlError> m_warnings;
};
