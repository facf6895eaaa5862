// SPDX-License-Identifier: GPL-3.0-or-later
// TestChatWindow, continued: chat settings, assistants, keys, profiles and the model shown.
#include "tst_chatwindow.h"

void TestChatWindow::chatSettingsAndAssistants()
{
    start();
    click(item(u"chatSettingsButton"_s));
    QTRY_VERIFY_WITH_TIMEOUT(item(u"systemPromptInput"_s), timeout);
    item(u"systemPromptInput"_s)->setProperty("text", u"Answer like a pirate."_s);
    item(u"temperatureInput"_s)->setProperty("text", u"0.3"_s);
    // Saved as an assistant, with a greeting, for later.
    item(u"assistantNameInput"_s)->setProperty("text", u"Pirate"_s);
    item(u"assistantGreetingInput"_s)->setProperty("text", u"Ahoy! What be yer question?"_s);
    click(item(u"saveAssistantButton"_s));
    QTRY_COMPARE_WITH_TIMEOUT(m_context->assistants()->rowCount(), 1, timeout);
    click(item(u"applyChatSettings"_s));
    QTRY_VERIFY(!item(u"systemPromptInput"_s));

    // This chat's request carries them.
    QVERIFY(item(u"composerInput"_s)->hasActiveFocus());
    QVERIFY(exchange(u"Where is the gold?"_s, {u"Buried, arr."_s}, u"Pirate gold"_s));
    QJsonObject body = m_server->requests().at(1).json(); // after GET /models
    QCOMPARE(body.value(u"temperature").toDouble(), 0.3);
    QJsonArray sent = body.value(u"messages").toArray();
    QCOMPARE(sent.at(0)[u"role"].toString(), u"system"_s);
    QCOMPARE(sent.at(0)[u"content"].toString(), u"Answer like a pirate."_s);
    DatabasePeek peek(*m_database);
    const QString first = m_context->chat()->conversationId();
    QCOMPARE(peek.conversationField(first, u"system_prompt"_s), u"Answer like a pirate."_s);
    QCOMPARE(peek.conversationField(first, u"temperature"_s).toDouble(), 0.3);

    // A new chat from the assistant opens with its greeting, and asks with its instructions.
    QTRY_VERIFY_WITH_TIMEOUT(item(u"assistantsButton"_s), timeout);
    click(item(u"assistantsButton"_s));
    // Clicked once the menu has finished opening (its enter transition), as a person would.
    QObject *menu = item(u"assistantsButton"_s)->findChild<QObject *>(u"assistantsMenu"_s);
    QVERIFY(menu);
    QTRY_VERIFY_WITH_TIMEOUT(menu->property("opened").toBool(), timeout);
    QTRY_VERIFY_WITH_TIMEOUT(item(u"assistant:Pirate"_s), timeout);
    click(item(u"assistant:Pirate"_s));
    QTRY_COMPARE_WITH_TIMEOUT(m_messages->rowCount(), 1, timeout);
    QVERIFY(m_context->chat()->conversationId() != first);
    QTRY_VERIFY_WITH_TIMEOUT(messageText(0).contains(u"Ahoy! What be yer question?"_s), timeout);
    QVERIFY(exchange(u"Which ship?"_s, {u"The Black Pearl."_s}, u"Ships"_s));
    body = m_server->lastRequest().json();
    if (body.value(u"max_tokens").toInt() == 24) // the title request came last
        body = m_server->requests().at(m_server->requestCount() - 2).json();
    sent = body.value(u"messages").toArray();
    QCOMPARE(sent.at(0)[u"content"].toString(), u"Answer like a pirate."_s);
    QCOMPARE(body.value(u"temperature").toDouble(), 0.3);
}

void TestChatWindow::noKeySaysWhyAndKeepsTheText()
{
    // No key anywhere for the built-in openai profile.
    ProfileStore profiles(m_dir->filePath(u"profiles.ini"_s));
    SecretStore secrets(u"ConfabTest-"_s + QUuid::createUuid().toString(QUuid::WithoutBraces));
    SessionSecrets session;
    ProviderSettings providers(m_settings.get(), &profiles, &secrets, &session, m_network.get(), {});
    m_context = std::make_unique<AppContext>(m_store.get(), m_network.get(), m_settings.get(), &providers);
    loadWindow();
    QTRY_VERIFY_WITH_TIMEOUT(m_context->cannotSendReason().contains(u"API key"_s), timeout);
    // The first-run screen offers to set it up; closed, the window says why it cannot send.
    QTRY_VERIFY_WITH_TIMEOUT(item(u"firstRunLater"_s), timeout);
    QVERIFY(item(u"keyInput"_s)); // a key can be pasted there
    click(item(u"firstRunLater"_s));
    QTRY_VERIFY(!item(u"firstRunLater"_s));
    QVERIFY(!providers.firstRun());
    item(u"composerInput"_s)->forceActiveFocus();

    QVERIFY(!m_context->canSend());
    QTRY_VERIFY(allShownText(m_window->contentItem()).contains(m_context->cannotSendReason()));
    type(u"Kept while I fix it"_s);
    press(Qt::Key_Return);
    QCOMPARE(m_messages->rowCount(), 0);
    QCOMPARE(item(u"composerInput"_s)->property("text").toString(), u"Kept while I fix it"_s);
    QVERIFY(!item(u"sendButton"_s)->isEnabled());
    m_engine.reset(); // before the settings it shows
    m_context.reset();
}

void TestChatWindow::settingsCheckAKeyBeforeKeepingItInTheKeychain()
{
    // A profile for an OpenRouter-like server (it needs a key), pointing at the scripted server.
    ProfileStore profiles(m_dir->filePath(u"profiles.ini"_s));
    ProviderProfile router = ProfilePreset::find(u"openrouter")->toProfile(u"router"_s);
    router.baseUrl = m_server->baseUrl();
    router.defaultModel = u"gpt-test"_s;
    QCOMPARE(profiles.add(router).kind, ProfileError::Kind::None);
    QCOMPARE(profiles.setCurrent(u"router"_s).kind, ProfileError::Kind::None);
    SecretStore secrets(u"ConfabTest-"_s + QUuid::createUuid().toString(QUuid::WithoutBraces));
    SessionSecrets session;
    ProviderSettings providers(m_settings.get(), &profiles, &secrets, &session, m_network.get(), {});
    m_context = std::make_unique<AppContext>(m_store.get(), m_network.get(), m_settings.get(), &providers);
    loadWindow();
    QTRY_VERIFY_WITH_TIMEOUT(m_context->cannotSendReason().contains(u"API key"_s), timeout);
    QVERIFY(!providers.firstRun()); // a profile was set up already

    press(Qt::Key_Comma, Qt::ControlModifier);
    QTRY_VERIFY_WITH_TIMEOUT(item(u"keyInput"_s), timeout);

    // A refused key is said at once and not kept.
    m_server->enqueue("GET", "/v1/models",
                      ScriptedResponse::openAiError(401, u"Incorrect API key provided"_s));
    item(u"keyInput"_s)->forceActiveFocus();
    type(u"sk-wrong"_s);
    click(item(u"saveKeyButton"_s));
    QTRY_VERIFY_WITH_TIMEOUT(item(u"keyStatus"_s), timeout);
    QTRY_VERIFY_WITH_TIMEOUT(shownText(item(u"keyStatus"_s)).contains(u"not kept"_s), timeout);
    QCOMPARE(m_server->lastRequest().header("Authorization"), QByteArray("Bearer sk-wrong"));
    auto stored = std::make_shared<std::optional<SecretResult>>();
    onFinished(secrets.read(SecretStore::providerKey(u"router"_s)), this,
               [stored](const SecretResult &result) { *stored = result; });
    QTRY_VERIFY_WITH_TIMEOUT(stored->has_value(), timeout);
    QCOMPARE((*stored)->error.kind, SecretError::Kind::NotFound);

    // A working one is kept in the keychain, and the window can send with it.
    m_server->enqueue("GET", "/v1/models",
                      ScriptedResponse::json(200, "{\"object\":\"list\",\"data\":[{\"id\":\"gpt-test\"}]}"));
    m_server->setFallback(
        ScriptedResponse::json(200, "{\"object\":\"list\",\"data\":[{\"id\":\"gpt-test\"}]}"));
    item(u"keyInput"_s)->setProperty("text", QString());
    item(u"keyInput"_s)->forceActiveFocus();
    type(u"sk-right"_s);
    click(item(u"saveKeyButton"_s));
    QTRY_VERIFY_WITH_TIMEOUT(shownText(item(u"keyStatus"_s)).contains(u"keychain"_s), timeout);
    QCOMPARE(item(u"keyInput"_s)->property("text").toString(), QString()); // not left on screen
    stored->reset();
    onFinished(secrets.read(SecretStore::providerKey(u"router"_s)), this,
               [stored](const SecretResult &result) { *stored = result; });
    QTRY_VERIFY_WITH_TIMEOUT(stored->has_value(), timeout);
    QVERIFY((*stored)->ok());
    QCOMPARE((*stored)->secret, u"sk-right"_s);
    QTRY_VERIFY_WITH_TIMEOUT(m_context->canSend(), timeout);

    // The key is nowhere in the settings file.
    QFile ini(m_dir->filePath(u"profiles.ini"_s));
    QVERIFY(ini.open(QIODevice::ReadOnly));
    QVERIFY(!ini.readAll().contains("sk-right"));

    m_engine.reset();
    m_context.reset();
    bool gone = false;
    onFinished(secrets.remove(SecretStore::providerKey(u"router"_s)), this,
               [&gone](const SecretError &) { gone = true; });
    QTRY_VERIFY_WITH_TIMEOUT(gone, timeout);
}

void TestChatWindow::aConversationGoesOnWithItsOwnProfile()
{
    // Two local servers (no key), each with its own default model; both are the scripted server.
    ProfileStore profiles(m_dir->filePath(u"profiles.ini"_s));
    for (const QString &name : {u"one"_s, u"two"_s}) {
        ProviderProfile profile = ProfilePreset::find(u"ollama")->toProfile(name);
        profile.baseUrl = m_server->baseUrl();
        profile.defaultModel = u"model-"_s + name;
        QCOMPARE(profiles.add(profile).kind, ProfileError::Kind::None);
    }
    QCOMPARE(profiles.setCurrent(u"one"_s).kind, ProfileError::Kind::None);
    m_server->setFallback(ScriptedResponse::json(
        200, "{\"object\":\"list\",\"data\":[{\"id\":\"model-one\"},{\"id\":\"model-two\"}]}"));
    SecretStore secrets(u"ConfabTest-"_s + QUuid::createUuid().toString(QUuid::WithoutBraces));
    SessionSecrets session;
    ProviderSettings providers(m_settings.get(), &profiles, &secrets, &session, m_network.get(), {});
    m_context = std::make_unique<AppContext>(m_store.get(), m_network.get(), m_settings.get(), &providers);
    loadWindow();
    QTRY_VERIFY_WITH_TIMEOUT(m_context->canSend(), timeout);

    QVERIFY(exchange(u"Asked of one"_s, {u"One answers"_s}, u"With one"_s));
    const QString first = m_context->chat()->conversationId();
    // The model each question went to (title requests and model lists aside).
    const auto modelAskedFor = [this](const QString &question) {
        const QList<RecordedRequest> requests = m_server->requests();
        for (const RecordedRequest &request : requests) {
            const QJsonArray messages = request.json().value(u"messages").toArray();
            if (!messages.isEmpty() && messages.last()[u"content"].toString() == question)
                return request.json().value(u"model").toString();
        }
        return QString();
    };
    QCOMPARE(modelAskedFor(u"Asked of one"_s), u"model-one"_s);

    // A new chat with the other profile, chosen as in the settings.
    press(Qt::Key_N, Qt::ControlModifier);
    QTRY_VERIFY(m_context->chat()->conversationId().isEmpty());
    QCOMPARE(providers.setCurrentProfile(u"two"_s), QString());
    QTRY_COMPARE_WITH_TIMEOUT(m_context->currentModel(), u"model-two"_s, timeout);
    QVERIFY(exchange(u"Asked of two"_s, {u"Two answers"_s}, u"With two"_s));
    DatabasePeek peek(*m_database);
    const QString second = m_context->chat()->conversationId();
    QTRY_COMPARE_WITH_TIMEOUT(peek.conversationField(second, u"provider_profile"_s), u"two"_s, timeout);
    QCOMPARE(peek.conversationField(first, u"provider_profile"_s), u"one"_s);

    // Opening the first again brings its profile and model back, and it goes on with them.
    const auto sidebarRow = [this](const QString &id) -> QQuickItem * {
        const QList<QQuickItem *> rows = visibleItems(m_window->contentItem(), u"conversation"_s);
        for (QQuickItem *row : rows) {
            if (row->property("conversationId").toString() == id)
                return row;
        }
        return nullptr;
    };
    QTRY_VERIFY_WITH_TIMEOUT(sidebarRow(first), timeout);
    click(sidebarRow(first));
    QTRY_COMPARE_WITH_TIMEOUT(m_context->chat()->conversationId(), first, timeout);
    QTRY_COMPARE_WITH_TIMEOUT(m_messages->rowCount(), 2, timeout);
    QTRY_COMPARE_WITH_TIMEOUT(providers.currentProfile(), u"one"_s, timeout);
    QTRY_COMPARE_WITH_TIMEOUT(m_context->currentModel(), u"model-one"_s, timeout);
    QTRY_VERIFY_WITH_TIMEOUT(m_context->canSend(), timeout);
    item(u"composerInput"_s)->forceActiveFocus();
    QVERIFY(exchange(u"And again"_s, {u"Still one"_s}));
    QCOMPARE(modelAskedFor(u"And again"_s), u"model-one"_s);
    QCOMPARE(modelAskedFor(u"Asked of two"_s), u"model-two"_s);
    QCOMPARE(peek.conversationField(first, u"provider_profile"_s), u"one"_s);

    m_engine.reset();
    m_context.reset();
}

void TestChatWindow::theModelShownIsTheModelSent()
{
    ProfileStore profiles(m_dir->filePath(u"profiles.ini"_s));
    ProviderProfile one = ProfilePreset::find(u"ollama")->toProfile(u"one"_s);
    one.baseUrl = m_server->baseUrl();
    one.defaultModel = u"model-one"_s;
    QCOMPARE(profiles.add(one).kind, ProfileError::Kind::None);
    QCOMPARE(profiles.setCurrent(u"one"_s).kind, ProfileError::Kind::None);
    m_server->setFallback(
        ScriptedResponse::json(200, "{\"object\":\"list\",\"data\":[{\"id\":\"model-one\"}]}"));
    // Another server, with a model of its own and none named in its profile.
    ScriptedServer other;
    QVERIFY(other.listen());
    other.setFallback(
        ScriptedResponse::json(200, "{\"object\":\"list\",\"data\":[{\"id\":\"model-three\"}]}"));
    SecretStore secrets(u"ConfabTest-"_s + QUuid::createUuid().toString(QUuid::WithoutBraces));
    SessionSecrets session;
    ProviderSettings providers(m_settings.get(), &profiles, &secrets, &session, m_network.get(), {});
    m_context = std::make_unique<AppContext>(m_store.get(), m_network.get(), m_settings.get(), &providers);
    loadWindow();
    QTRY_VERIFY_WITH_TIMEOUT(m_context->canSend(), timeout);
    QVERIFY(exchange(u"Asked of one"_s, {u"One answers"_s}, u"With one"_s));

    // With the chat open, a profile is added and chosen, then Ctrl+N.
    QCOMPARE(providers.addProfile(u"ollama"_s, u"three"_s, other.baseUrl().toString(), QString()), QString());
    QCOMPARE(providers.setCurrentProfile(u"three"_s), QString());
    // Switched, and the new server's models listed, while the chat is still open.
    QTRY_COMPARE_WITH_TIMEOUT(m_context->models(), QStringList{u"model-three"_s}, timeout);
    QCOMPARE(m_context->chat()->parameters().profile, u"three"_s);
    press(Qt::Key_N, Qt::ControlModifier);
    QTRY_VERIFY(m_context->chat()->conversationId().isEmpty());
    // The new chat's model is the new server's, shown as such.
    QTRY_COMPARE_WITH_TIMEOUT(m_context->currentModel(), u"model-three"_s, timeout);
    QQuickItem *selector = item(u"modelSelector"_s);
    QVERIFY(selector);
    QTRY_COMPARE_WITH_TIMEOUT(selector->property("displayText").toString(), u"model-three"_s, timeout);

    // What is shown is what is sent, and what is saved.
    other.enqueue("POST", chatPath.toByteArray(), reply({u"Three answers"_s}));
    other.enqueue("POST", chatPath.toByteArray(), reply({u"With three"_s}));
    QTRY_VERIFY_WITH_TIMEOUT(m_context->canSend(), timeout);
    item(u"composerInput"_s)->forceActiveFocus();
    type(u"Asked of three"_s);
    press(Qt::Key_Return);
    QTRY_COMPARE_WITH_TIMEOUT(m_messages->rowCount(), 2, timeout);
    QVERIFY(waitForSaved(1));
    QVERIFY(other.requestCount() > 0);
    bool asked = false;
    const QList<RecordedRequest> requests = other.requests();
    for (const RecordedRequest &request : requests) {
        const QJsonArray messages = request.json().value(u"messages").toArray();
        if (!messages.isEmpty() && messages.last()[u"content"].toString() == u"Asked of three"_s) {
            QCOMPARE(request.json().value(u"model").toString(), selector->property("displayText").toString());
            asked = true;
        }
    }
    QVERIFY(asked);
    DatabasePeek peek(*m_database);
    QTRY_COMPARE_WITH_TIMEOUT(peek.conversationField(m_context->chat()->conversationId(), u"model"_s),
                              u"model-three"_s, timeout);

    m_engine.reset();
    m_context.reset();
}
