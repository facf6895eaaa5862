// SPDX-License-Identifier: GPL-3.0-or-later
#include "markdownlinkdefinitions.h"

#include "markdownlines.h"

using namespace Qt::StringLiterals;

namespace {

bool isSpace(QChar c)
{
    return c == u' ' || c == u'\t';
}

qsizetype skipSpaces(QStringView text, qsizetype pos)
{
    while (pos < text.size() && isSpace(text.at(pos)))
        ++pos;
    return pos;
}

// Spaces and tabs with at most one line break among them.
qsizetype skipSpacesAndBreak(QStringView text, qsizetype pos)
{
    pos = skipSpaces(text, pos);
    if (pos < text.size() && text.at(pos) == u'\n')
        pos = skipSpaces(text, pos + 1);
    return pos;
}

qsizetype lineEnd(QStringView text, qsizetype pos)
{
    pos = skipSpaces(text, pos);
    if (pos == text.size())
        return pos;
    return text.at(pos) == u'\n' ? pos + 1 : -1;
}

qsizetype destinationEnd(QStringView text, qsizetype pos)
{
    if (pos < text.size() && text.at(pos) == u'<') {
        for (qsizetype i = pos + 1; i < text.size(); ++i) {
            const QChar c = text.at(i);
            if (c == u'\\' && i + 1 < text.size() && text.at(i + 1) != u'\n')
                ++i;
            else if (c == u'>')
                return i + 1;
            else if (c == u'<' || c == u'\n')
                return -1;
        }
        return -1;
    }
    int depth = 0;
    qsizetype i = pos;
    for (; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (c.unicode() <= 0x20 || c.unicode() == 0x7f)
            break;
        if (c == u'\\' && i + 1 < text.size() && text.at(i + 1).unicode() > 0x20)
            ++i;
        else if (c == u'(' && ++depth > 32)
            return -1;
        else if (c == u')' && --depth < 0)
            break;
    }
    return i > pos && depth == 0 ? i : -1;
}

qsizetype titleEnd(QStringView text, qsizetype pos)
{
    if (pos >= text.size())
        return -1;
    const QChar open = text.at(pos);
    const QChar close = open == u'(' ? u')' : open;
    if (open != u'"' && open != u'\'' && open != u'(')
        return -1;
    for (qsizetype i = pos + 1; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (c == u'\\' && i + 1 < text.size())
            ++i;
        else if (c == close)
            return i + 1;
        else if (c == u'(' && open == u'(')
            return -1;
    }
    return -1;
}

// How many characters of the line's indentation make `columns` columns (a tab to the next 4).
qsizetype charactersOf(QStringView line, int columns)
{
    qsizetype cut = 0;
    for (int column = 0; cut < line.size() && column < columns; ++cut)
        column += line.at(cut) == u'\t' ? 4 - column % 4 : 1;
    return cut;
}

// One line of a block without the markers of the quotes and list items it is in.
struct Stripped
{
    QString text;
    int quotes = 0;
    bool item = false; // a list item starts on it
};

} // namespace

qsizetype MarkdownLinkDefinitions::parse(QStringView text, qsizetype pos, QString *label)
{
    if (pos >= text.size() || text.at(pos) != u'[')
        return -1;
    qsizetype i = pos + 1;
    for (; i < text.size() && text.at(i) != u']'; ++i) {
        if (text.at(i) == u'\\' && i + 1 < text.size())
            ++i;
        else if (text.at(i) == u'[' || i - pos > 999)
            return -1;
    }
    const QStringView raw = text.sliced(pos + 1, std::min(i, text.size()) - pos - 1);
    if (i + 1 >= text.size() || text.at(i + 1) != u':' || raw.trimmed().isEmpty())
        return -1;
    const qsizetype destination = skipSpacesAndBreak(text, i + 2);
    const qsizetype afterDestination = destinationEnd(text, destination);
    if (afterDestination < 0)
        return -1;
    // A title needs whitespace before it; one that does not end its line leaves the definition
    // without it, if the destination ends its own line.
    const qsizetype title = skipSpacesAndBreak(text, afterDestination);
    if (title > afterDestination) {
        const qsizetype afterTitle = titleEnd(text, title);
        const qsizetype end = afterTitle < 0 ? -1 : lineEnd(text, afterTitle);
        if (end >= 0) {
            *label = raw.toString();
            return end;
        }
    }
    const qsizetype end = lineEnd(text, afterDestination);
    if (end >= 0)
        *label = raw.toString();
    return end;
}

QList<MarkdownLinkDefinitions::Definition> MarkdownLinkDefinitions::find(QStringView block)
{
    if (!block.contains(u"]:"_s))
        return {};

    // The block's lines out of their quotes and list items (a list item's content column is
    // the indentation its later lines lose).
    QList<Stripped> lines;
    int contentIndent = 0;
    for (QStringView rest = block; !rest.isEmpty();) {
        qsizetype br = rest.indexOf(u'\n');
        QStringView line = br < 0 ? rest : rest.first(br);
        rest = br < 0 ? QStringView() : rest.sliced(br + 1);
        if (line.endsWith(u'\r'))
            line.chop(1);
        Stripped s;
        for (;;) {
            const qsizetype content = skipSpaces(line, 0);
            if (content <= 3 && content < line.size() && line.at(content) == u'>') {
                line = line.sliced(content + 1);
                if (!line.isEmpty() && isSpace(line.first()))
                    line = line.sliced(1);
                ++s.quotes;
                contentIndent = 0;
                continue;
            }
            break;
        }
        const QString expanded = line.toString();
        MarkdownLines one(expanded);
        const MarkdownLines::Line l = one.line(0);
        MarkdownLines::ListItem item;
        if (!l.blank && l.indent < contentIndent + 4 && !one.isThematicBreak(l) && one.listItem(l, &item)) {
            s.item = true;
            contentIndent = item.contentIndent;
            s.text = expanded.sliced(charactersOf(expanded, item.contentIndent));
        } else if (!l.blank && l.indent >= contentIndent) {
            s.text = expanded.sliced(charactersOf(expanded, contentIndent));
        } else {
            s.text = expanded;
            if (!l.blank && l.indent < contentIndent)
                contentIndent = 0; // a lazy line, or the list is over: read as it stands
        }
        lines.append(s);
    }

    // Definitions at the start of each paragraph, one after another; code is skipped.
    QList<Definition> definitions;
    MarkdownLines::Fence fence;
    bool inFence = false;
    bool paragraphStart = true;
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const Stripped &s = lines.at(i);
        MarkdownLines one(s.text);
        const MarkdownLines::Line l = one.line(0);
        if (inFence) {
            inFence = !one.closesFence(l, fence);
            paragraphStart = !inFence;
            continue;
        }
        if (i > 0 && (s.item || s.quotes > lines.at(i - 1).quotes))
            paragraphStart = true;
        if (l.blank) {
            paragraphStart = true;
            continue;
        }
        if (one.openingFence(l, &fence)) {
            inFence = true;
            continue;
        }
        if (one.isAtxHeading(l) || one.isThematicBreak(l)) {
            paragraphStart = true;
            continue;
        }
        if (!paragraphStart || l.indent > 3 || s.text.at(l.content) != u'[') {
            paragraphStart = false;
            continue;
        }
        // The paragraph from here: the lines that follow until a blank one or another container.
        QString paragraph = s.text.sliced(l.content) + u'\n';
        for (qsizetype next = i + 1;
             next < lines.size() && !lines.at(next).item && lines.at(next).quotes == s.quotes &&
             !lines.at(next).text.trimmed().isEmpty();
             ++next)
            paragraph += lines.at(next).text + u'\n';
        qsizetype pos = 0;
        QString label;
        for (qsizetype end; (end = parse(paragraph, pos, &label)) >= 0; pos = skipSpaces(paragraph, end))
            definitions.append({key(label), paragraph.sliced(pos, end - pos)});
        // Past the lines the definitions took; the rest of the paragraph is text.
        i += std::max<qsizetype>(QStringView(paragraph).first(pos).count(u'\n'), 1) - 1;
        paragraphStart = false;
    }
    return definitions;
}

QList<QString> MarkdownLinkDefinitions::references(QStringView block)
{
    QList<QString> keys;
    qsizetype open = -1;
    for (qsizetype i = 0; i < block.size(); ++i) {
        const QChar c = block.at(i);
        if (c == u'\\') {
            ++i;
        } else if (c == u'[') {
            open = i;
        } else if (c == u']' && open >= 0) {
            const QString k = key(block.sliced(open + 1, i - open - 1));
            if (!k.isEmpty() && !keys.contains(k))
                keys.append(k);
            open = -1;
        }
    }
    return keys;
}

QString MarkdownLinkDefinitions::key(QStringView label)
{
    QString simplified = label.toString().simplified();
    // Simple case folding first (ẞ to ß), upper case for the full mappings (ß to SS), folded again.
    return simplified.toCaseFolded().toUpper().toCaseFolded();
}
