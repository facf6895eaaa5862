// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import Confab

// One block of a reply: rendered text, or a fenced code block. Only a block near the view is in
// the scene (`near`): away from it, the block is an empty item of the height it had when last
// shown, or, never shown, of an estimate from its text.
Item {
    id: root

    objectName: "markdownBlock"

    required property string kind
    required property string markdown
    required property string html
    required property string code
    required property string language
    required property bool closed
    // Whether the block is near enough to the view to be shown; a block not in a view always is.
    property bool near: true
    readonly property bool loaded: loader.status === Loader.Ready

    // The height the block had when last in the scene, and at which width.
    property real shownHeight: -1
    property real shownWidth: 0
    readonly property real liveHeight: loader.item ? loader.item.implicitHeight : -1
    onLiveHeightChanged: {
        if (liveHeight < 0)
            return
        shownHeight = liveHeight
        shownWidth = width
    }

    // A block never shown: a line per so many characters of the width (text wraps; code does not).
    function estimatedHeight() {
        if (kind === "code")
            return Theme.codeHeaderHeight + Theme.margin * 2 + code.split("\n").length * Theme.fontSizeCode * 1.4
        const charsPerLine = Math.max(1, width / (Theme.fontSizeBody * 0.5))
        return Math.ceil(markdown.length / charsPerLine) * Theme.fontSizeBody * 1.5
    }

    implicitHeight: liveHeight >= 0 ? liveHeight
                  : shownHeight < 0 ? estimatedHeight()
                  // Text rewraps when the width changed since: about as many lines the other way.
                  : kind === "code" || shownWidth <= 0 ? shownHeight : shownHeight * shownWidth / Math.max(1, width)

    Loader {
        id: loader

        width: root.width
        active: root.near
        sourceComponent: root.kind === "code" ? codeComponent : textComponent
    }

    Component {
        id: textComponent
        TextBlock {
            width: root.width
            html: root.html
        }
    }
    Component {
        id: codeComponent
        CodeBlock {
            width: root.width
            code: root.code
            language: root.language
            closed: root.closed
        }
    }
}
