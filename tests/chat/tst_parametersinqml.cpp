// SPDX-License-Identifier: GPL-3.0-or-later
// ChatController.parameters as QML sees it: a value type read, changed and written back.
#include "chatcontroller.h"
#include "conversationstore.h"
#include "testdatabases.h"

#include <QQmlComponent>
#include <QQmlEngine>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QtQml/QQmlExtensionPlugin>

#include <memory>

Q_IMPORT_QML_PLUGIN(ConfabPlugin)

using namespace Qt::StringLiterals;

class TestParametersInQml : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void readChangeAndAssign()
    {
        QTemporaryDir dir;
        QString error;
        const std::optional<DatabaseConfig> config = TestDatabases::fresh(u"sqlite"_s, dir.path(), &error);
        QVERIFY2(config, qPrintable(error));
        ConversationStore store(*config);
        ChatController chat(&store, nullptr, u"gpt-test"_s, nullptr);
        QSignalSpy changed(&chat, &ChatController::parametersChanged);

        QQmlEngine engine;
        QQmlComponent component(&engine);
        component.setData("import QtQml\n"
                          "import Confab\n"
                          "QtObject {\n"
                          "  required property ChatController chat\n"
                          "  property var seen: []\n"
                          "  function run() {\n"
                          "    seen.push(isNaN(chat.parameters.temperature), chat.parameters.hasTemperature,\n"
                          "              chat.parameters.maxTokens, chat.parameters.model)\n"
                          "    var p = chat.parameters\n"
                          "    p.temperature = 0.5\n"
                          "    p.systemPrompt = 'Be brief.'\n"
                          "    chat.parameters = p\n"
                          "    chat.parameters.maxTokens = 77\n"
                          "    seen.push(chat.parameters.temperature, chat.parameters.hasTemperature,\n"
                          "              chat.parameters.maxTokens, chat.parameters.systemPrompt)\n"
                          "    var q = chat.parameters\n"
                          "    q.temperature = NaN\n"
                          "    chat.parameters = q\n"
                          "    seen.push(chat.parameters.hasTemperature)\n"
                          "  }\n"
                          "}\n",
                          QUrl(u"qrc:/test.qml"_s));
        std::unique_ptr<QObject> object(
            component.createWithInitialProperties({{u"chat"_s, QVariant::fromValue(&chat)}}));
        QVERIFY2(object, qPrintable(component.errorString()));
        QVERIFY(QMetaObject::invokeMethod(object.get(), "run"));

        const QVariantList seen = object->property("seen").toList();
        QCOMPARE(seen, (QVariantList{true, false, 0, u"gpt-test"_s, 0.5, true, 77, u"Be brief."_s, false}));
        QVERIFY(changed.count() >= 3); // one for each assignment (the engine may write back more)
        QCOMPARE(chat.parameters().systemPrompt, u"Be brief."_s);
        QCOMPARE(chat.parameters().maxTokens, std::optional<int>(77));
        QVERIFY(!chat.parameters().temperature);
    }
};

QTEST_GUILESS_MAIN(TestParametersInQml)
#include "tst_parametersinqml.moc"
