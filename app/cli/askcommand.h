// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "conversationrecord.h"
#include "messagerecord.h"
#include "providerconfig.h"
#include "providerkind.h"
#include "reasoningeffort.h"
#include "storagecommand.h"

#include <QList>

#include <optional>

class ChatStream;
class Exchange;
class InterruptNotifier;
class ProfileStore;
class QNetworkAccessManager;
class SecretStore;
class SaveGrace;
class StreamPrinter;

// `confab-cli ask`: sends one prompt and streams the reply to stdout as it arrives (and, with
// --show-reasoning, the model's thinking to stderr). The Exchange runs as in the app: it is saved in the
// history (a new conversation, or the one
// --conversation continues) after the request has left; --no-save keeps it out.
class AskCommand : public StorageCommand
{
    Q_OBJECT

public:
    // `network` and the stores outlive the command.
    AskCommand(QNetworkAccessManager *network, ProfileStore *profiles, SecretStore *secrets,
               QObject *parent = nullptr);

    void start(const QStringList &arguments) override;

private:
    // Reads the conversation --conversation names and its current branch, then sends.
    void continueConversation(const QString &id);
    void send(const std::optional<ConversationRecord> &conversation, const QList<MessageRecord> &history);
    // Sends the thinking to stderr as it streams (--show-reasoning).
    void showReasoning();
    void onDone();
    // The first write that failed is the one reported; `reply`: it was the reply's.
    void noteSaved(const StorageError &error, bool reply);
    void onSaved();
    void finishIfDone();

    QNetworkAccessManager *m_network;
    ProfileStore *m_profiles;
    SecretStore *m_secrets;
    StreamPrinter *m_printer;
    StreamPrinter *m_reasoningPrinter = nullptr; // --show-reasoning
    InterruptNotifier *m_interrupt = nullptr;
    Exchange *m_exchange = nullptr;
    ChatStream *m_stream = nullptr;
    SaveGrace *m_grace = nullptr;

    ProviderConfig m_provider;
    ProviderKind m_kind = ProviderKind::OpenAi;
    QString m_prompt;
    QString m_model;           // --model, else $OPENAI_MODEL or the profile's default; may be empty
    bool m_modelGiven = false; // --model was given: it beats the conversation's
    QString m_system;          // --system
    bool m_systemSet = false;
    std::optional<ReasoningEffort> m_effort; // --reasoning-effort, else the conversation's
    bool m_save = true;

    std::optional<ExitCode> m_streamCode; // set when the stream is done
    bool m_saving = false;                // the exchange's writes are not all done yet
    StorageError m_saveError;
    bool m_onlyReplyLost = false; // the conversation and question were saved, the reply's end not
};
