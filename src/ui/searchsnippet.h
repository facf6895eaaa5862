// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

// A search hit's snippet as rich text for a one-line label. The store marks the match with
// \x02 … \x03; the rest is the user's and the model's text, so all of it is escaped: a snippet
// can never inject markup.
class SearchSnippet
{
public:
    static QString toHtml(const QString &marked);
};
