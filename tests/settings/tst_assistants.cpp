// SPDX-License-Identifier: GPL-3.0-or-later
// Assistants (presets) in a real settings file, through the model QML uses.
#include "assistantlistmodel.h"
#include "assistantstore.h"

#include <QAbstractItemModelTester>
#include <QDir>
#include <QFile>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <memory>

using namespace Qt::StringLiterals;

namespace {

QVariant roleOf(const AssistantListModel &model, int row, int role)
{
    return model.data(model.index(row), role);
}

QVariantMap chef()
{
    return {{u"name"_s, u"Chef"_s},
            {u"systemPrompt"_s, u"You are a chef."_s},
            {u"model"_s, u"gpt-4o"_s},
            {u"profile"_s, u"openai"_s},
            {u"temperature"_s, 0.9},
            {u"topP"_s, 0.5},
            {u"maxTokens"_s, 400},
            {u"greeting"_s, u"What shall we cook?"_s}};
}

} // namespace

class TestAssistants : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        open();
    }
    void cleanup()
    {
        m_tester.reset();
        m_model.reset();
        m_store.reset();
        m_settings.reset();
        m_dir.reset();
    }

    void startsEmpty()
    {
        QCOMPARE(m_model->rowCount(), 0);
        QCOMPARE(m_model->count(), 0);
        QVERIFY(m_store->presets().isEmpty());
        QVERIFY(m_model->get(u"Chef"_s).isEmpty());
        QCOMPARE(m_model->rowOf(u"Chef"_s), -1);
    }

    void addShowsAndPersists()
    {
        QSignalSpy count(m_model.get(), &AssistantListModel::countChanged);
        QCOMPARE(m_model->add(chef()), QString());
        QCOMPARE(m_model->add({{u"name"_s, u"  Plain  "_s}}), QString());
        QCOMPARE(count.count(), 2);
        QCOMPARE(m_model->rowCount(), 2);

        const QHash<int, QByteArray> roles = m_model->roleNames();
        QCOMPARE(roles.value(AssistantListModel::NameRole), "name");
        QCOMPARE(roles.value(AssistantListModel::MaxTokensRole), "maxTokens");
        QCOMPARE(roleOf(*m_model, 0, AssistantListModel::NameRole).toString(), u"Chef"_s);
        QCOMPARE(roleOf(*m_model, 0, AssistantListModel::SystemPromptRole).toString(), u"You are a chef."_s);
        QCOMPARE(roleOf(*m_model, 0, AssistantListModel::ModelRole).toString(), u"gpt-4o"_s);
        QCOMPARE(roleOf(*m_model, 0, AssistantListModel::ProfileRole).toString(), u"openai"_s);
        QCOMPARE(roleOf(*m_model, 0, AssistantListModel::TemperatureRole).toDouble(), 0.9);
        QCOMPARE(roleOf(*m_model, 0, AssistantListModel::TopPRole).toDouble(), 0.5);
        QCOMPARE(roleOf(*m_model, 0, AssistantListModel::MaxTokensRole).toInt(), 400);
        QCOMPARE(roleOf(*m_model, 0, AssistantListModel::GreetingRole).toString(), u"What shall we cook?"_s);
        // The name is trimmed; unset parameters are undefined in QML.
        QCOMPARE(roleOf(*m_model, 1, AssistantListModel::NameRole).toString(), u"Plain"_s);
        QVERIFY(!roleOf(*m_model, 1, AssistantListModel::TemperatureRole).isValid());
        QVERIFY(!roleOf(*m_model, 1, AssistantListModel::TopPRole).isValid());
        QVERIFY(!roleOf(*m_model, 1, AssistantListModel::MaxTokensRole).isValid());
        QCOMPARE(m_model->get(u"chef"_s), chef());

        // In the settings file, in the group "assistants", and read by a new instance.
        m_settings->sync();
        QVERIFY(QFile(m_dir->filePath(u"settings.ini"_s)).size() > 0);
        QCOMPARE(m_settings->value(u"assistants/size"_s).toInt(), 2);
        open();
        QCOMPARE(m_model->rowCount(), 2);
        QCOMPARE(m_model->get(u"Chef"_s), chef());
        QCOMPARE(m_model->get(u"Plain"_s).value(u"name"_s).toString(), u"Plain"_s);
        QVERIFY(!m_model->get(u"Plain"_s).contains(u"temperature"_s));
        const std::optional<AssistantPreset> read = m_store->preset(u"CHEF"_s);
        QVERIFY(read);
        QCOMPARE(read->parameters.temperature, std::optional<double>(0.9));
        QCOMPARE(read->parameters.maxTokens, std::optional<int>(400));
        QCOMPARE(read->greeting, u"What shall we cook?"_s);
    }

    void validation_data()
    {
        QTest::addColumn<QVariantMap>("preset");
        QTest::addColumn<QString>("complaint");
        QTest::addRow("no name") << QVariantMap{{u"name"_s, u"   "_s}} << u"name"_s;
        QTest::addRow("long name") << QVariantMap{{u"name"_s, QString(101, u'x')}} << u"too long"_s;
        QTest::addRow("hot") << QVariantMap{{u"name"_s, u"A"_s}, {u"temperature"_s, 2.5}} << u"temperature"_s;
        QTest::addRow("cold") << QVariantMap{{u"name"_s, u"A"_s}, {u"temperature"_s, -1}} << u"temperature"_s;
        QTest::addRow("top p") << QVariantMap{{u"name"_s, u"A"_s}, {u"topP"_s, 1.5}} << u"Top P"_s;
        QTest::addRow("text") << QVariantMap{{u"name"_s, u"A"_s}, {u"temperature"_s, u"warm"_s}}
                              << u"must be a number"_s;
        QTest::addRow("negative tokens") << QVariantMap{{u"name"_s, u"A"_s}, {u"maxTokens"_s, -5}} << u"tokens"_s;
        QTest::addRow("half a token") << QVariantMap{{u"name"_s, u"A"_s}, {u"maxTokens"_s, 2.5}} << u"whole"_s;
        QTest::addRow("taken") << QVariantMap{{u"name"_s, u"chef"_s}} << u"already"_s;
    }
    void validation()
    {
        QFETCH(QVariantMap, preset);
        QFETCH(QString, complaint);
        QCOMPARE(m_model->add(chef()), QString());
        const QString error = m_model->add(preset);
        QVERIFY2(error.contains(complaint), qPrintable(error));
        QCOMPARE(m_model->rowCount(), 1);
        // An update is held to the same rules, and changes nothing when refused.
        if (preset.value(u"name"_s).toString() != u"chef") {
            const QString updateError = m_model->update(u"Chef"_s, preset);
            QVERIFY2(updateError.contains(complaint), qPrintable(updateError));
            QCOMPARE(m_model->get(u"Chef"_s), chef());
        }
        open();
        QCOMPARE(m_model->rowCount(), 1);
    }

    void blankNumbersAreUnset()
    {
        // What empty text fields give.
        QCOMPARE(m_model->add({{u"name"_s, u"Fields"_s},
                               {u"temperature"_s, u" "_s},
                               {u"topP"_s, qQNaN()},
                               {u"maxTokens"_s, 0}}),
                 QString());
        QCOMPARE(m_model->add({{u"name"_s, u"Typed"_s}, {u"temperature"_s, u"0.3"_s}, {u"maxTokens"_s, u"64"_s}}),
                 QString());
        QVERIFY(!roleOf(*m_model, 0, AssistantListModel::TemperatureRole).isValid());
        QVERIFY(!roleOf(*m_model, 0, AssistantListModel::TopPRole).isValid());
        QVERIFY(!roleOf(*m_model, 0, AssistantListModel::MaxTokensRole).isValid());
        QCOMPARE(roleOf(*m_model, 1, AssistantListModel::TemperatureRole).toDouble(), 0.3);
        QCOMPARE(roleOf(*m_model, 1, AssistantListModel::MaxTokensRole).toInt(), 64);
    }

    void updateAndRemove()
    {
        QCOMPARE(m_model->add(chef()), QString());
        QCOMPARE(m_model->add({{u"name"_s, u"Poet"_s}}), QString());
        QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);

        QVariantMap renamed = chef();
        renamed.insert(u"name"_s, u"Head chef"_s);
        renamed.remove(u"temperature"_s);
        renamed.insert(u"greeting"_s, QString());
        QCOMPARE(m_model->update(u"Chef"_s, renamed), QString());
        QCOMPARE(changed.count(), 1);
        QCOMPARE(roleOf(*m_model, 0, AssistantListModel::NameRole).toString(), u"Head chef"_s);
        QVERIFY(!roleOf(*m_model, 0, AssistantListModel::TemperatureRole).isValid());
        QCOMPARE(m_model->rowOf(u"Chef"_s), -1);
        // Renamed onto another's name: refused.
        QVERIFY(m_model->update(u"Head chef"_s, {{u"name"_s, u"poet"_s}}).contains(u"already"));
        // Its own name in another case is fine.
        QCOMPARE(m_model->update(u"Head chef"_s, {{u"name"_s, u"HEAD CHEF"_s}}), QString());
        QVERIFY(m_model->update(u"Nobody"_s, chef()).contains(u"no assistant"));

        QVERIFY(m_model->remove(u"Nobody"_s).contains(u"no assistant"));
        QCOMPARE(m_model->remove(u"poet"_s), QString());
        QCOMPARE(m_model->rowCount(), 1);
        open();
        QCOMPARE(m_model->rowCount(), 1);
        QCOMPARE(roleOf(*m_model, 0, AssistantListModel::NameRole).toString(), u"HEAD CHEF"_s);
        QCOMPARE(m_model->remove(u"head chef"_s), QString());
        open();
        QCOMPARE(m_model->rowCount(), 0);
        QCOMPARE(m_settings->value(u"assistants/size"_s, -1).toInt(), 0);
    }

    void reloadSeesAnotherWriter()
    {
        QCOMPARE(m_model->add(chef()), QString());
        AssistantStore other(m_settings.get());
        QList<AssistantPreset> presets = other.presets();
        QCOMPARE(presets.size(), 1);
        AssistantPreset poet;
        poet.name = u"Poet"_s;
        poet.parameters.systemPrompt = u"Rhyme."_s;
        presets.append(poet);
        QCOMPARE(other.save(presets), QString());
        QCOMPARE(m_model->rowCount(), 1);
        m_model->reload();
        QCOMPARE(m_model->rowCount(), 2);
        QCOMPARE(roleOf(*m_model, 1, AssistantListModel::SystemPromptRole).toString(), u"Rhyme."_s);
    }

    void withoutSettingsKeptInMemory()
    {
        AssistantStore store(nullptr);
        AssistantListModel model(&store);
        QCOMPARE(model.add(chef()), QString());
        QCOMPARE(store.presets().size(), 1);
        QVERIFY(store.preset(u"chef"_s));
    }

    void unwritableSettingsSaySo()
    {
        // A settings "file" that is a folder cannot be written.
        const QString folder = m_dir->filePath(u"a-folder.ini"_s);
        QVERIFY(QDir().mkpath(folder));
        QSettings settings(folder, QSettings::IniFormat);
        AssistantStore store(&settings);
        AssistantListModel model(&store);
        const QString error = model.add(chef());
        QVERIFY2(error.contains(u"could not be saved"), qPrintable(error));
        QCOMPARE(model.rowCount(), 0);
    }

private:
    void open()
    {
        m_tester.reset();
        m_model.reset();
        m_store.reset();
        m_settings.reset();
        m_settings = std::make_unique<QSettings>(m_dir->filePath(u"settings.ini"_s), QSettings::IniFormat);
        m_store = std::make_unique<AssistantStore>(m_settings.get());
        m_model = std::make_unique<AssistantListModel>(m_store.get());
        m_tester = std::make_unique<QAbstractItemModelTester>(
            m_model.get(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    }

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<QSettings> m_settings;
    std::unique_ptr<AssistantStore> m_store;
    std::unique_ptr<AssistantListModel> m_model;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
};

QTEST_GUILESS_MAIN(TestAssistants)
#include "tst_assistants.moc"
