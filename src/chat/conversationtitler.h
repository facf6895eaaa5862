// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QString>

class ChatProvider;
class ChatStream;

// Names a new conversation after its first exchange with a second, small request (a few
// tokens, no history), so the sidebar shows "Rust lifetimes explained" rather than the
// question's first words. Failing is harmless: the first words stay.
class ConversationTitler : public QObject
{
    Q_OBJECT

public:
    static constexpr int maxTitleLength = 60;
    // Only this much of the question and the reply is sent: enough to name it, cheap to ask.
    static constexpr int maxExcerptLength = 1200;

    explicit ConversationTitler(ChatProvider *provider, QObject *parent = nullptr);
    ~ConversationTitler() override;

    void setProvider(ChatProvider *provider);
    // The model asked for titles; empty: the conversation's own model.
    void setModel(const QString &model);
    QString model() const { return m_model; }

    // Asks for a title; titleReady or titleFailed follows, once.
    void generate(const QString &conversationId, const QString &question, const QString &reply,
                  const QString &conversationModel);
    bool isGenerating(const QString &conversationId) const { return m_running.contains(conversationId); }

    // What the model answered, as a title: one line, no quotes, no "Title:", no full stop,
    // at most maxTitleLength characters. Empty when nothing usable is left.
    static QString clean(const QString &answer);

Q_SIGNALS:
    void titleReady(const QString &conversationId, const QString &title);
    void titleFailed(const QString &conversationId, const QString &reason);

private:
    void onDone(const QString &conversationId, ChatStream *stream);

    QPointer<ChatProvider> m_provider;
    QString m_model;
    QHash<QString, QPointer<ChatStream>> m_running;
};
