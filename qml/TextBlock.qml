// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import Confab

// Rendered markdown (paragraphs, lists, tables, quotes), selectable. A link opens in the
// browser only when clicked; the pointer shows which text is a link.
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
        if (/^(https?|mailto):/i.test(url))
            Qt.openUrlExternally(url)
    }

    HoverHandler {
        cursorShape: root.hoveredLink.length > 0 ? Qt.PointingHandCursor : Qt.IBeamCursor
    }
}
