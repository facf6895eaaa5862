// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "chatstreamevent.h"
#include "providererror.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <optional>

struct SseEvent;

// The part of a provider that is its wire format rather than HTTP: what the events of a
// streamed reply mean, how its error bodies read, how its model list reads. The HTTP
// transport (HttpChatStream, HttpModelListReply) is shared; each provider brings one of these.
// An instance serves one request and may keep state across its events.
class ChatWireFormat
{
public:
    virtual ~ChatWireFormat() = default;

    // Forgets any per-reply state: the request is being sent again.
    virtual void reset() {}

    // Interprets one event of the stream. `out` is overwritten.
    virtual void decodeEvent(const SseEvent &event, ChatStreamEvent &out) = 0;

    // The reply ended: what the format held back (a piece of what might have been a tag) comes
    // out as an Update; Ignored when nothing was. `out` is overwritten.
    virtual void finish(ChatStreamEvent &out) { out.clear(); }

    // The error for a response that was not a stream: an HTTP error status, or a success
    // status with a body that is not an event stream.
    virtual ProviderError errorFromHttpResponse(int status, const QByteArray &body) const = 0;

    // The model IDs in a model-list response, or nullopt when it cannot be read.
    virtual std::optional<QStringList> parseModelList(const QByteArray &body) const = 0;

    // The response header that carries the server's request ID, for support requests.
    virtual QByteArray requestIdHeader() const { return QByteArrayLiteral("x-request-id"); }

    // What a base URL must point to, in words that end the hint for an unreadable response:
    // "Check the base URL: it must point to …".
    virtual QString apiDescription() const = 0;
};
