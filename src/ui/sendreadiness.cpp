// SPDX-License-Identifier: GPL-3.0-or-later
#include "sendreadiness.h"

#include "credentialpolicy.h"

#include <QCoreApplication>

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("SendReadiness", text);
}
} // namespace

QString SendReadiness::reason() const
{
    if (storeStatus == ConversationStore::Status::Failed)
        return tr("Your history could not be opened, so nothing would be saved: %1").arg(storeMessage);
    if (storeStatus == ConversationStore::Status::ReadOnly)
        return tr("Your history is read-only, so nothing would be saved: %1").arg(storeMessage);
    if (!setupProblem.isEmpty())
        return setupProblem;
    // A server on this machine answers without a network.
    if (offline && !CredentialPolicy::isLoopback(server))
        return tr("You are offline: connect to a network to send. Your conversations are all here "
                  "to read and search.");
    if (model.isEmpty() && !modelsError.isEmpty())
        return tr("No model to ask: %1 did not list its models (%2). Start Confab with --model "
                  "to name one.")
            .arg(server.host(), modelsError);
    if (opening)
        return {}; // a message sent meanwhile waits for the conversation's model
    if (model.isEmpty())
        return tr("Waiting for %1 to list its models…").arg(server.host());
    return {};
}
