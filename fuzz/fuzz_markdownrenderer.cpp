// SPDX-License-Identifier: GPL-3.0-or-later
// Any text (UTF-8) through MarkdownRenderer, as written and as StreamingMarkdown settles it
// while it streams: the HTML must never make a view fetch anything or offer a link that opens
// something other than a web page or a mail: no <img> and no src= or url() in any tag, no
// image once Qt reads the HTML back (as a QML Text does), no resource requested while it lays
// the document out, and every href http, https or mailto.
#include "fuzzcheck.h"
#include "guiapp.h"

#include "markdownrenderer.h"
#include "streamingmarkdown.h"

#include <QAbstractTextDocumentLayout>
#include <QRegularExpression>
#include <QTextBlock>
#include <QTextDocument>
#include <QTextFragment>
#include <QUrl>

#include <cstdio>

using namespace Qt::StringLiterals;
using FuzzCheck::check;

namespace {

// A document as a QML Text reads rich text into, which says when it would fetch something.
class WatchedDocument : public QTextDocument
{
protected:
    QVariant loadResource(int, const QUrl &) override { FuzzCheck::fail("the HTML asked for a resource"); }
};

bool allowedHref(const QString &href)
{
    const QString scheme = QUrl(href).scheme().toLower();
    return scheme == "http"_L1 || scheme == "https"_L1 || scheme == "mailto"_L1;
}

void checkTags(const QString &html)
{
    // Outside tags Qt escapes '<', and inside attribute values '>', so this finds every tag.
    static const QRegularExpression tag(u"<([^>]*)>"_s);
    static const QRegularExpression img(u"^\\s*img\\b"_s, QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression src(u"\\bsrc\\s*="_s, QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression url(u"url\\s*\\("_s, QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression href(u"\\bhref\\s*=\\s*\"([^\"]*)\""_s,
                                         QRegularExpression::CaseInsensitiveOption);
    for (auto it = tag.globalMatch(html); it.hasNext();) {
        const QString inside = it.next().captured(1);
        check(!img.match(inside).hasMatch(), "an <img> tag in the HTML");
        check(!src.match(inside).hasMatch(), "a src= attribute in the HTML");
        check(!url.match(inside).hasMatch(), "a url() in a tag of the HTML");
        for (auto links = href.globalMatch(inside); links.hasNext();) {
            QString value = links.next().captured(1);
            value.replace(u"&quot;"_s, u"\""_s).replace(u"&lt;"_s, u"<"_s).replace(u"&gt;"_s, u">"_s);
            value.replace(u"&amp;"_s, u"&"_s);
            if (!allowedHref(value)) {
                std::fprintf(stderr, "href: %s\n", qPrintable(value));
                FuzzCheck::fail("an href that is not http, https or mailto");
            }
        }
    }
    // The style sheet Qt writes in the head is text between tags: no imports, no images there.
    check(!html.contains(u"@import"_s, Qt::CaseInsensitive), "an @import in the HTML");
}

void checkReadBack(const QString &html)
{
    WatchedDocument document;
    document.setHtml(html);
    document.documentLayout()->documentSize(); // lays it out, as a view would
    for (QTextBlock block = document.begin(); block.isValid(); block = block.next()) {
        check(!block.blockFormat().hasProperty(QTextFormat::BackgroundImageUrl), "a background image");
        for (auto it = block.begin(); !it.atEnd(); ++it) {
            const QTextCharFormat format = it.fragment().charFormat();
            check(!format.isImageFormat(), "an image once the HTML is read back");
            if (format.isAnchor() && !format.anchorHref().isEmpty()) {
                if (!allowedHref(format.anchorHref())) {
                    std::fprintf(stderr, "href read back: %s\n", qPrintable(format.anchorHref()));
                    FuzzCheck::fail("a link read back that is not http, https or mailto");
                }
            }
        }
    }
    for (const QTextFormat &format : document.allFormats())
        check(!format.hasProperty(QTextFormat::BackgroundImageUrl), "a background image");
}

void checkSafe(MarkdownRenderer &renderer, const QString &markdown)
{
    const QString html = renderer.toHtml(markdown);
    checkTags(html);
    checkReadBack(html);
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    makeGuiApplication();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    // Reused, as each MarkdownBlocks reuses its own; kept to the end, as the application is.
    static MarkdownRenderer *renderer = new MarkdownRenderer;
    const QString markdown = QString::fromUtf8(reinterpret_cast<const char *>(data), qsizetype(size));
    checkSafe(*renderer, markdown);
    checkSafe(*renderer, StreamingMarkdown::settle(markdown));
    return 0;
}
