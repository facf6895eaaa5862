// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "conversationchange.h"
#include "conversationparameters.h"
#include "conversationrecord.h"

#include <QObject>
#include <QString>

class ConversationStore;

// Which conversation is on screen, its record as last read or made, and its parameters
// (profile, model, system prompt, sampling). A new chat takes the defaults (setProfile,
// setDefaultModel, setSystemPrompt) or what it is given, and keeps them once it starts.
class OpenConversation : public QObject
{
    Q_OBJECT

public:
    OpenConversation(ConversationStore *store, const QString &model, QObject *parent = nullptr);

    // Empty for a new chat.
    QString id() const { return m_id; }
    // A conversation was chosen and its record is still being read.
    bool isOpening() const { return !m_id.isEmpty() && m_record.id != m_id && !m_unread; }
    const ConversationRecord &record() const { return m_record; }
    // False while the new chat's first write is still to come, or has failed.
    bool isSaved() const { return m_saved; }
    void setSaved(bool saved) { m_saved = saved; }

    // Shows a new chat with the defaults.
    void newChat();
    // Shows `id`; its record is read (parametersChanged() when it is in).
    void open(const QString &id);
    // The new chat's first message, `prompt`, is sent: the chat gets an id and its record.
    const ConversationRecord &start(const QString &prompt);

    ConversationParameters parameters() const;
    // On a saved conversation the record is saved (a failure comes as error()); on a new chat
    // they apply when it starts. Invalid values are refused with error().
    void setParameters(const ConversationParameters &parameters);
    // What a request in the conversation uses: its record's, else the defaults.
    ConversationParameters requestParameters(const QString &conversationId) const;
    // The model the next request on screen goes to; empty while opening or when there is none.
    QString requestModel() const;

    // The model new chats start with; the open conversation changes to it too.
    void setModel(const QString &model);
    // The model new chats start with; the open conversation keeps its own.
    void setDefaultModel(const QString &model);
    QString defaultModel() const { return m_model; }
    void setSystemPrompt(const QString &prompt);
    void setProfile(const QString &profile);
    QString defaultProfile() const { return m_profile; }
    // Announces requestModelChanged() if the parameters changed it.
    void noteRequestModel();

Q_SIGNALS:
    void parametersChanged();
    void requestModelChanged();
    void error(const QString &message);

private:
    ConversationParameters defaults() const;
    // Writes only the changed fields; `failure` (with %1 for the reason) goes to error().
    void update(const ConversationChange &change, const QString &failure);

    ConversationStore *m_store;
    QString m_model;
    QString m_systemPrompt;
    QString m_profile;
    ConversationParameters m_newChat; // the new chat's, until it starts
    QString m_id;
    ConversationRecord m_record; // as last read or made
    bool m_saved = true;         // false while its first write has failed
    bool m_unread = false;       // its record could not be read
    QString m_requestModel;      // as last announced
};
