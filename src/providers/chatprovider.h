// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "chatrequest.h"

#include <QObject>

class ChatStream;
class ModelListReply;

// A provider speaks one wire format to one server. Each call starts work at once and
// returns an object that reports by signals; the caller owns it.
class ChatProvider : public QObject
{
    Q_OBJECT

public:
    using QObject::QObject;

    virtual ChatStream *streamChat(const ChatRequest &request) = 0;
    virtual ModelListReply *listModels() = 0;
};
