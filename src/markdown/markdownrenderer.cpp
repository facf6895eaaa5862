// SPDX-License-Identifier: GPL-3.0-or-later
#include "markdownrenderer.h"

#include "markdownlogging.h"
#include "mathmarkup.h"
#include "mathscanner.h"

#include <QGuiApplication>
#include <QList>
#include <QPalette>
#include <QRegularExpression>
#include <QTextBlock>
#include <QTextCharFormat>
#include <QTextCursor>
#include <QTextFragment>
#include <QTextTable>
#include <QUrl>

#include <algorithm>
#include <utility>

using namespace Qt::StringLiterals;

namespace {

// GitHub's dialect, without its raw HTML: tags in a reply are shown as typed, never interpreted.
const QTextDocument::MarkdownFeatures markdownFeatures =
    QTextDocument::MarkdownFeatures(QTextDocument::MarkdownDialectGitHub) | QTextDocument::MarkdownNoHTML;

QString imageText(const QTextImageFormat &image)
{
    const QString alt = image.property(QTextFormat::ImageAltText).toString();
    if (!alt.trimmed().isEmpty())
        return alt;
    const QString file = QUrl(image.name()).fileName();
    return file.isEmpty() ? u"image"_s : file;
}

} // namespace

MarkdownRenderer::MarkdownRenderer()
{
    m_document.setUndoRedoEnabled(false);
}

QString MarkdownRenderer::toHtml(const QString &markdown, bool streaming)
{
    // Formulas are kept from md4c, whose escapes and emphasis would eat their backslashes and
    // underscores.
    const QList<MathSpan> formulas = MathScanner::scan(markdown, streaming);
    // Qt drops the link around an image ([![badge](image)](link)): keep the link, with the alt text.
    QString source = formulas.isEmpty() ? markdown : MathMarkup::protect(markdown, formulas);
    if (source.contains(u"[!["_s)) {
        static const QRegularExpression linkedImage(uR"(\[!\[([^\]]*)\]\([^)]*\)\]\(([^)\s]+)\))"_s);
        source.replace(linkedImage, u"[\\1](\\2)"_s);
    }
    m_document.setMarkdown(source, markdownFeatures);
    makeSafe();
    applyStyle();
    MathMarkup::placeDisplayFormulas(&m_document, formulas);
    QString html = m_document.toHtml();
    m_document.clear();

    const qsizetype root = html.indexOf(u"<html"_s);
    if (root > 0)
        html.remove(0, root);
    const qsizetype body = html.indexOf(u"<body"_s);
    const qsizetype bodyEnd = body < 0 ? -1 : html.indexOf(u'>', body);
    if (bodyEnd > body)
        html.replace(body, bodyEnd - body + 1, u"<body>"_s);
    return formulas.isEmpty() ? html : MathMarkup::restore(html, markdown, formulas);
}

QString MarkdownRenderer::safeHref(const QString &href)
{
    const QUrl url(href.trimmed());
    if (!url.isValid())
        return {};
    const QString scheme = url.scheme().toLower();
    if (scheme == u"http"_s || scheme == u"https"_s)
        return href.trimmed();
    if (scheme == u"mailto"_s) {
        // Only the address: a query can attach a file (?attach=/etc/passwd), write the body or
        // add recipients, and the mail client may act on it before the user reads it.
        QString address = url.path(QUrl::FullyDecoded);
        static const QRegularExpression queryStart(u"[?#&]"_s); // also once decoded (%3F)
        const qsizetype cut = address.indexOf(queryStart);
        if (cut >= 0)
            address.truncate(cut);
        address = address.trimmed();
        return address.isEmpty() ? QString() : u"mailto:"_s + address;
    }
    if (scheme.isEmpty() && href.trimmed().startsWith(u"www."_s, Qt::CaseInsensitive))
        return u"http://"_s + href.trimmed();
    qCDebug(lcMarkdown) << "a link to a" << (scheme.isEmpty() ? u"relative"_s : scheme) << "URL is shown as text";
    return {};
}

void MarkdownRenderer::makeSafe()
{
    struct Edit
    {
        int position = 0;
        int length = 0;
        QTextCharFormat format;
        QString text; // replaces the range when not null, else the range only takes the format
    };
    QList<Edit> edits;

    for (QTextBlock block = m_document.begin(); block.isValid(); block = block.next()) {
        for (auto it = block.begin(); !it.atEnd(); ++it) {
            const QTextFragment fragment = it.fragment();
            const QTextCharFormat format = fragment.charFormat();
            if (format.isImageFormat()) {
                // Never an image: its alt text instead, a link to it when it may be opened.
                QTextCharFormat text = format;
                text.setObjectType(QTextFormat::NoObject);
                for (const int property :
                     {QTextFormat::ImageName, QTextFormat::ImageTitle, QTextFormat::ImageAltText,
                      QTextFormat::ImageWidth, QTextFormat::ImageHeight, QTextFormat::ImageQuality})
                    text.clearProperty(property);
                const QString href =
                    safeHref(format.isAnchor() ? format.anchorHref() : format.toImageFormat().name());
                text.setAnchor(!href.isEmpty());
                if (href.isEmpty()) {
                    text.clearProperty(QTextFormat::AnchorHref);
                } else {
                    text.setAnchorHref(href);
                    text.setFontUnderline(true);
                    text.setForeground(QGuiApplication::palette().link());
                }
                const QString alt = imageText(format.toImageFormat());
                for (int i = 0; i < fragment.length(); ++i) // one object character per image
                    edits.append({fragment.position() + i, 1, text, alt});
            } else if (format.isAnchor()) {
                const QString href = safeHref(format.anchorHref());
                if (href == format.anchorHref())
                    continue;
                QTextCharFormat link = format;
                if (href.isEmpty()) {
                    link.setAnchor(false);
                    link.clearProperty(QTextFormat::AnchorHref);
                    link.clearForeground();
                    link.setFontUnderline(false);
                } else {
                    link.setAnchorHref(href);
                }
                edits.append({fragment.position(), fragment.length(), link, QString()});
            }
        }
    }

    // From the end, so that a replacement leaves the positions of the edits before it alone.
    std::sort(edits.begin(), edits.end(),
              [](const Edit &a, const Edit &b) { return a.position > b.position; });
    QTextCursor cursor(&m_document);
    for (const Edit &edit : std::as_const(edits)) {
        cursor.setPosition(edit.position);
        cursor.setPosition(edit.position + edit.length, QTextCursor::KeepAnchor);
        if (edit.text.isNull())
            cursor.setCharFormat(edit.format);
        else
            cursor.insertText(edit.text, edit.format);
    }
}

void MarkdownRenderer::applyStyle()
{
    const QList<QTextFrame *> frames = m_document.rootFrame()->childFrames();
    for (QTextFrame *frame : frames) {
        auto *table = qobject_cast<QTextTable *>(frame);
        if (!table)
            continue;
        QTextTableFormat format = table->format();
        format.setBorderCollapse(true);
        format.setBorder(1);
        format.setBorderStyle(QTextFrameFormat::BorderStyle_Solid);
        format.setBorderBrush(QColor(128, 128, 128, 110)); // reads on light and dark alike
        format.setCellSpacing(0);
        format.setCellPadding(6);
        table->setFormat(format);
    }

    QTextCursor cursor(&m_document);
    for (QTextBlock block = m_document.begin(); block.isValid(); block = block.next()) {
        const int level = block.blockFormat().headingLevel();
        const bool quote = block.blockFormat().intProperty(QTextFormat::BlockQuoteLevel) > 0;
        if (level == 0 && !quote)
            continue;
        cursor.setPosition(block.position());
        cursor.setPosition(block.position() + block.length() - 1, QTextCursor::KeepAnchor);
        QTextCharFormat format;
        if (level > 0) {
            // Qt's are +3 (xx-large) … 0; these stay close to the text, as chat replies do.
            format.setProperty(QTextFormat::FontSizeAdjustment, level == 1 ? 2 : level == 2 ? 1 : 0);
            format.setFontWeight(QFont::DemiBold);
        } else {
            format.setFontItalic(true);
        }
        cursor.mergeCharFormat(format);
        if (level > 0) {
            QTextBlockFormat spacing = block.blockFormat();
            spacing.setTopMargin(level <= 2 ? 10 : 6);
            spacing.setBottomMargin(4);
            cursor.setBlockFormat(spacing);
        }
    }
}
