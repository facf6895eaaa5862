// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "localserver.h"

#include <QList>
#include <QObject>
#include <QPointer>

#include <optional>

#include <chrono>

class ModelListReply;
class QNetworkAccessManager;

// Looks for local servers that answer (on first run, so the window can offer them): sends
// GET <baseUrl>/models to each candidate at once, with a short timeout, and reports those that
// list their models. Nothing waits: found() comes as each answers, finished() once all are done.
class LocalServerDetector : public QObject
{
    Q_OBJECT

public:
    // `network` outlives this object.
    explicit LocalServerDetector(QNetworkAccessManager *network, QObject *parent = nullptr);

    // Ollama on 11434 and LM Studio on 1234, the two that usually run without being asked to.
    static QList<LocalServer> defaultCandidates();
    void setCandidates(const QList<LocalServer> &candidates) { m_candidates = candidates; }
    void setTimeout(std::chrono::milliseconds timeout) { m_timeout = timeout; }

    // Probes every candidate; a second call while probing does nothing.
    void start();
    void abort();
    bool isRunning() const { return m_pending > 0; }

Q_SIGNALS:
    void found(const LocalServer &server);
    // The servers that answered, in the candidates' order.
    void finished(const QList<LocalServer> &answering);

private:
    void settle(int index, const QStringList *models);

    QNetworkAccessManager *m_network;
    QList<LocalServer> m_candidates = defaultCandidates();
    std::chrono::milliseconds m_timeout{1500};
    QList<QPointer<ModelListReply>> m_replies;
    QList<std::optional<LocalServer>> m_answers;
    int m_pending = 0;
};
