// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QString>
#include <QStringView>

// The link reference definitions ("[label]: destination "title"") of one top-level block, and the
// labels it may refer to. A definition applies to the whole document, so a block rendered on its
// own (MarkdownBlocks) is rendered with the definitions of the other blocks its labels name.
//
// Definitions are read by CommonMark's rules (md4c's): at the start of a paragraph, also in a
// quote or a list item, never in code.
class MarkdownLinkDefinitions
{
public:
    struct Definition
    {
        QString key;    // the label, matched as md4c matches it (key())
        QString source; // the definition alone, out of its quote or list item

        friend bool operator==(const Definition &, const Definition &) = default;
    };

    static QList<Definition> find(QStringView block);

    // The keys of every label the block may refer to: the text of each pair of brackets with no
    // brackets inside. More than it needs (code, a link's own text) costs a lookup, never a result.
    static QList<QString> references(QStringView block);

    // A label's key: whitespace runs as one space, trimmed, case folded in full (ẞ and SS alike).
    static QString key(QStringView label);

    // The end of the definition starting at `pos` (at its "["), after its line break, or -1.
    static qsizetype parse(QStringView text, qsizetype pos, QString *label);
};
