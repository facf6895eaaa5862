// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHash>
#include <QObject>
#include <QSet>
#include <QString>
#include <QTimer>

#include <chrono>

class QSettings;

// What the user has typed but not sent, per conversation, kept across restarts in settings
// under "drafts/<conversation id>" ("drafts/new" for a chat not started yet). Reads come from
// memory; writes reach the settings file at most every writeDelay, and at destruction.
class DraftStore : public QObject
{
    Q_OBJECT

public:
    static constexpr std::chrono::milliseconds writeDelay{500};

    // `settings` may be null: drafts are then kept for this run only.
    explicit DraftStore(QSettings *settings, QObject *parent = nullptr);
    ~DraftStore() override;

    // An empty id means the new chat.
    QString draft(const QString &conversationId) const;
    void setDraft(const QString &conversationId, const QString &text);
    // A new chat's draft follows it once the chat has an id.
    void moveNewDraftTo(const QString &conversationId);
    void writeNow();

private:
    static QString keyFor(const QString &conversationId);

    QSettings *m_settings;
    QHash<QString, QString> m_drafts; // settings key → text; read lazily
    QSet<QString> m_dirty;
    QTimer m_writeTimer;
};
