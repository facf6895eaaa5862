// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import Confab

// Rendered markdown (paragraphs, lists, tables, quotes), selectable: the one rich text in the
// window, built by MarkdownRenderer (no images, links only to http, https and a mail address).
// A link opens in the browser only when clicked; the pointer shows which text is a link, and a
// tooltip where it really goes (its text may name another address).
TextEdit {
    id: root

    property string html

    // The renderer colours links with the application palette's blue (#0000ff), whatever the
    // theme: give them the theme's link colour.
    text: html.replace(/color:#0000ff/gi, "color:" + Theme.link)
    readOnly: true
    selectByMouse: true
    textFormat: TextEdit.RichText
    wrapMode: TextEdit.Wrap
    color: Theme.text
    selectionColor: Theme.accent
    font.pixelSize: 15
    Accessible.role: Accessible.StaticText
    Accessible.name: getText(0, length)

    onLinkActivated: link => {
        const url = link.toString()
        if (/^https?:/i.test(url))
            Qt.openUrlExternally(url)
        else if (/^mailto:/i.test(url))
            Qt.openUrlExternally(url.split(/[?#&]/)[0]) // the address only, as the renderer made it
    }

    HoverHandler {
        id: hover
        cursorShape: root.hoveredLink.length > 0 ? Qt.PointingHandCursor : Qt.IBeamCursor
    }

    PlainToolTip {
        objectName: "linkTarget"
        visible: root.hoveredLink.length > 0
        text: root.hoveredLink
        // Under the pointer, inside the text's width however long the address.
        x: Math.max(0, Math.min(hover.point.position.x, root.width - width))
        y: hover.point.position.y + 20
        width: Math.min(implicitWidth, root.width)
    }
}
