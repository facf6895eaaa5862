// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import Confab

// Rendered markdown (paragraphs, lists, tables, quotes), selectable: the one rich text in the
// window, built by MarkdownRenderer (no images, links only to http, https and a mail address),
// with its formulas typeset by MathTypesetter (MathText puts their images in). A link opens in
// the browser only when clicked; the pointer shows which text is a link, and a tooltip where it
// really goes (its text may name another address). A formula that failed shows its source, and
// MathJax's message on hover. Copying a formula copies its TeX.
TextEdit {
    id: root

    required property string html
    readonly property MathText math: MathText {
        typesetter: MathTypesetter
        // The renderer colours links with the application palette's blue (#0000ff), whatever
        // the theme: give them the theme's link colour.
        html: root.html.replace(/color:#0000ff/gi, "color:" + Theme.link)
        font: root.font
        color: Theme.text
        errorColor: Theme.error
        devicePixelRatio: root.Screen.devicePixelRatio
    }
    readonly property string mathError: math.errorFor(hoveredLink)

    // The selection as text, each formula's image as its TeX.
    function selectedSource() {
        const before = getText(0, selectionStart)
        const images = (before.match(/\uFFFC/g) || []).length
        return math.withSources(getText(selectionStart, selectionEnd), images)
    }

    text: math.typesetHtml
    // A display formula alone in its block, centred (an image in a centred line would be drawn
    // at the left by Qt 6.4).
    leftPadding: math.soleDisplayWidth > 0 ? Math.max(0, Math.floor((width - math.soleDisplayWidth) / 2)) : 0
    readOnly: true
    selectByMouse: true
    textFormat: TextEdit.RichText
    wrapMode: TextEdit.Wrap
    color: Theme.text
    selectionColor: Theme.accent
    font.pixelSize: Theme.fontSizeBody
    Accessible.role: Accessible.StaticText
    Accessible.name: math.withSources(getText(0, length), 0)

    // Rich text's own copy has U+FFFC for an image: only a selection with formulas is copied here.
    Keys.onPressed: event => {
        if (event.matches(StandardKey.Copy) && getText(selectionStart, selectionEnd).indexOf("\uFFFC") >= 0) {
            Clipboard.setText(selectedSource())
            event.accepted = true
        }
    }

    onLinkActivated: link => {
        const url = link.toString()
        if (/^https?:/i.test(url))
            Qt.openUrlExternally(url)
        else if (/^mailto:/i.test(url))
            Qt.openUrlExternally(url.split(/[?#&]/)[0]) // the address only, as the renderer made it
    }

    HoverHandler {
        id: hover
        cursorShape: root.hoveredLink.length > 0 && root.mathError.length === 0 ? Qt.PointingHandCursor : Qt.IBeamCursor
    }

    PlainToolTip {
        objectName: "linkTarget"
        visible: root.hoveredLink.length > 0
        text: root.mathError.length > 0 ? root.mathError : root.hoveredLink
        // Under the pointer, inside the text's width however long the address.
        x: Math.max(0, Math.min(hover.point.position.x, root.width - width))
        y: hover.point.position.y + Theme.toolTipOffset
        width: Math.min(implicitWidth, root.width)
    }
}
