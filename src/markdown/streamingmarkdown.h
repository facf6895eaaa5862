// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

// The end of a reply that is still being written often stops mid-construct: a link whose URL
// is half there shows as raw "[docs](https://exa", a bold run as "**important". While it
// streams, the last block is shown as it will most likely end: the link as its text, the bold
// and the inline code closed. Once the reply is complete, the text is shown exactly as it is.
class StreamingMarkdown
{
public:
    static QString settle(const QString &markdown);
};
