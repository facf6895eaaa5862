// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QString>

// The benchmark's streamed reply, byte for byte what streamserver.mjs sends for model
// `bench-N`: a role chunk, N content chunks `tok{i%10} `, a finish chunk, a usage chunk, [DONE].
namespace StreamBody {

QByteArray build(int chunks);

// The text the N content chunks join into.
QString expectedText(int chunks);

// FNV-1a over the UTF-16 code units: a cheap fingerprint of a joined text.
quint64 checksum(const QString &text);

} // namespace StreamBody
