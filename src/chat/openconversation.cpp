// SPDX-License-Identifier: GPL-3.0-or-later
#include "openconversation.h"

#include "chatlogging.h"
#include "conversationstore.h"
#include "conversationtitle.h"
#include "futurecallback.h"

#include <QUuid>

OpenConversation::OpenConversation(ConversationStore *store, const QString &model, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_model(model)
{
    m_newChat = defaults();
    m_requestModel = requestModel();
    connect(this, &OpenConversation::parametersChanged, this, &OpenConversation::noteRequestModel);
}

void OpenConversation::newChat()
{
    m_record = {};
    m_unread = false;
    m_saved = true;
    m_newChat = defaults();
    m_id.clear();
}

void OpenConversation::open(const QString &id)
{
    m_id = id;
    m_record = {};
    m_unread = false;
    m_saved = true;
    onFinished(m_store->conversation(id), this, [this, id](const StorageResult<ConversationRecord> &found) {
        if (id != m_id)
            return;
        if (found.ok()) {
            m_record = found.value;
        } else {
            m_unread = true; // its requests use the defaults
            Q_EMIT error(found.error.message);
        }
        Q_EMIT parametersChanged();
    });
}

const ConversationRecord &OpenConversation::start(const QString &prompt)
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    m_record = {};
    m_record.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    m_record.title = ConversationTitle::fromPrompt(prompt);
    m_record.createdAt = m_record.updatedAt = now;
    requestParameters({}).applyTo(m_record);
    m_saved = false;
    m_id = m_record.id;
    return m_record;
}

ConversationParameters OpenConversation::parameters() const
{
    if (m_id.isEmpty())
        return m_newChat;
    if (m_record.id == m_id)
        return ConversationParameters::fromRecord(m_record);
    return {}; // still opening
}

void OpenConversation::setParameters(const ConversationParameters &parameters)
{
    if (const QString problem = parameters.validate(); !problem.isEmpty()) {
        Q_EMIT error(problem);
        return;
    }
    if (m_id.isEmpty()) {
        if (parameters == m_newChat)
            return;
        m_newChat = parameters;
        Q_EMIT parametersChanged();
        return;
    }
    if (m_record.id != m_id) {
        Q_EMIT error(tr("The conversation is still opening: change its settings in a moment."));
        return;
    }
    if (parameters == ConversationParameters::fromRecord(m_record))
        return;
    const ConversationRecord before = m_record;
    parameters.applyTo(m_record);
    Q_EMIT parametersChanged();
    // A chat whose first write is still to come (or is to be retried) is written with these.
    // Otherwise only what changed is written: the rest of our copy (its title above all) may be
    // older than what is stored.
    if (m_saved)
        update(ConversationChange::between(before, m_record), tr("The chat's settings were not saved: %1"));
}

void OpenConversation::setModel(const QString &model)
{
    m_model = model;
    noteRequestModel(); // a conversation without a model of its own asks the default
    if (model.isEmpty())
        return;
    if (m_id.isEmpty() || m_record.id == m_id) {
        ConversationParameters changed = parameters();
        changed.model = model;
        setParameters(changed);
    }
}

void OpenConversation::setDefaultModel(const QString &model)
{
    // The new chat follows the default unless it was given its own.
    if (m_id.isEmpty() && (m_newChat.model.isEmpty() || m_newChat.model == m_model)) {
        ConversationParameters changed = m_newChat;
        changed.model = model;
        setParameters(changed);
    }
    m_model = model;
    noteRequestModel();
}

QString OpenConversation::requestModel() const
{
    if (isOpening())
        return {}; // known in a moment
    return requestParameters(m_id).model;
}

void OpenConversation::noteRequestModel()
{
    const QString model = requestModel();
    if (model == m_requestModel)
        return;
    m_requestModel = model;
    Q_EMIT requestModelChanged();
}

void OpenConversation::setSystemPrompt(const QString &prompt)
{
    // The new chat follows the default unless it was given its own.
    if (m_id.isEmpty() && m_newChat.systemPrompt == m_systemPrompt) {
        ConversationParameters changed = m_newChat;
        changed.systemPrompt = prompt;
        setParameters(changed);
    }
    m_systemPrompt = prompt;
}

void OpenConversation::setProfile(const QString &profile)
{
    if (m_id.isEmpty() && m_newChat.profile == m_profile) {
        ConversationParameters changed = m_newChat;
        changed.profile = profile;
        setParameters(changed);
    }
    m_profile = profile;
}

ConversationParameters OpenConversation::defaults() const
{
    ConversationParameters parameters;
    parameters.profile = m_profile;
    parameters.model = m_model;
    parameters.systemPrompt = m_systemPrompt;
    return parameters;
}

ConversationParameters OpenConversation::requestParameters(const QString &conversationId) const
{
    ConversationParameters parameters;
    if (conversationId.isEmpty())
        parameters = m_newChat;
    else if (m_record.id == conversationId)
        parameters = ConversationParameters::fromRecord(m_record);
    else
        parameters = defaults(); // its record could not be read
    if (parameters.model.isEmpty())
        parameters.model = m_model;
    return parameters;
}

void OpenConversation::update(const ConversationChange &change, const QString &failure)
{
    if (change.isEmpty())
        return;
    onFinished(m_store->updateConversation(change), this, [this, failure](const StorageError &failed) {
        if (failed.isError()) {
            qCWarning(lcChat) << "a change to the conversation was not saved:" << failed.message;
            Q_EMIT error(failure.arg(failed.message));
        }
    });
}
