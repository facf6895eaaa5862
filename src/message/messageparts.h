// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "messagepart.h"

#include <QJsonArray>
#include <QList>
#include <QString>

// What the layers ask of a message's parts as a whole.
namespace MessageParts {

// The text parts joined by a blank line: a message's `content`, which search snippets, titles,
// copy and the export of the answer use.
QString joinedText(const QList<MessagePart> &parts);
// The reasoning parts' text joined by a blank line.
QString reasoningText(const QList<MessagePart> &parts);
// One text part for a message stored before messages had parts; none for empty content.
QList<MessagePart> fromContent(const QString &content);

QJsonArray toJson(const QList<MessagePart> &parts);
// Parts of a type this version does not know are skipped.
QList<MessagePart> fromJson(const QJsonArray &array);

} // namespace MessageParts
