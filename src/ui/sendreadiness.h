// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "conversationstore.h"

#include <QString>
#include <QUrl>

// Whether a message can be sent now and, if not, why and what to do: the first of the
// conditions below that stands in the way, as a sentence for the composer. Empty: it can.
struct SendReadiness
{
    ConversationStore::Status storeStatus = ConversationStore::Status::Ready;
    QString storeMessage;
    QString setupProblem; // the provider's (no key, no keychain…)
    bool offline = false;
    QUrl server;
    QString model; // the model the next request goes to
    QString modelsError; // why the server did not list its models
    bool opening = false; // a conversation is opening: its model is known in a moment

    QString reason() const;
};
