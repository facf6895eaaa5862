// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QByteArrayView>

// Turns arbitrary bytes into valid UTF-8 the way the WHATWG "UTF-8 decode" would: each maximal
// subpart of an ill-formed sequence becomes one U+FFFD (Unicode §3.9, "U+FFFD substitution of
// maximal subparts"). Valid input is copied in one piece.
namespace Utf8Sanitizer {

// The length of the longest prefix of `bytes` that is well-formed UTF-8.
qsizetype validPrefixLength(QByteArrayView bytes) noexcept;

// Appends `bytes` to `out`, replacing ill-formed subparts with U+FFFD (EF BF BD).
void append(QByteArray &out, QByteArrayView bytes);

} // namespace Utf8Sanitizer
