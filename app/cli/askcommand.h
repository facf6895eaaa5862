// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "conversationrecord.h"
#include "messagerecord.h"
#include "providers/providerconfig.h"
#include "storagecommand.h"

#include <QList>

#include <optional>

class ChatStream;
class InterruptNotifier;
class QNetworkAccessManager;
class StreamPrinter;
class TurnSaver;

// `confab-cli ask`: sends one prompt and streams the reply to stdout as it arrives. The
// exchange is saved in the history (a new conversation, or the one --conversation continues)
// after the request has left, as the app does; --no-save keeps it out.
class AskCommand : public StorageCommand
{
    Q_OBJECT

public:
    explicit AskCommand(QNetworkAccessManager *network, QObject *parent = nullptr);

    void start(const QStringList &arguments) override;

private:
    // Reads the conversation --conversation names and its current branch, then sends.
    void continueConversation(const QString &id);
    void send(const std::optional<ConversationRecord> &conversation, const QList<MessageRecord> &history);
    void onDone();
    void onSaved(const StorageError &error);
    void finishIfDone();

    QNetworkAccessManager *m_network;
    StreamPrinter *m_printer;
    InterruptNotifier *m_interrupt = nullptr;
    ChatStream *m_stream = nullptr;
    TurnSaver *m_saver = nullptr;

    ProviderConfig m_provider;
    QString m_prompt;
    QString m_model;  // --model, empty when not given
    QString m_system; // --system
    bool m_systemSet = false;
    bool m_save = true;

    std::optional<ExitCode> m_streamCode; // set when the stream is done
    bool m_saving = false;                // the saver has not finished yet
    StorageError m_saveError;
};
