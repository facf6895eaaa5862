// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import Confab

// An assistant reply from its markdown blocks. A streamed token changes only the last block's
// row, so the blocks above are not laid out again; and only the blocks near the view are in the
// scene, so a long reply costs a frame no more at its end than at its start.
Column {
    id: root

    // The reply's MarkdownBlocks (a model of its blocks), and whether more is on its way.
    required property var blocks
    required property bool streaming
    // The part of this item the view shows, in its own coordinates; all of it when not in a view.
    property real viewTop: -Infinity
    property real viewBottom: Infinity

    // Blocks within the view's cache buffer stay in the scene, so that a scroll finds them there.
    // The edges move in steps, so that the blocks ask whether they are near only when one is
    // crossed, not at every pixel of a scroll.
    readonly property real reach: Theme.messageCacheBuffer
    readonly property real nearTop: Math.floor((viewTop - reach) / reach) * reach
    readonly property real nearBottom: Math.ceil((viewBottom + reach) / reach) * reach

    spacing: Theme.spacingLarge

    Repeater {
        model: root.blocks

        delegate: MarkdownBlock {
            width: parent ? parent.width : 0
            near: y + height >= root.nearTop && y <= root.nearBottom
        }
    }

    StreamingIndicator {
        visible: root.streaming
        running: visible
    }
}
