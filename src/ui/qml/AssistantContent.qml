// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import Confab

// An assistant reply from its markdown blocks. A streamed token changes only the last block's
// row, so the blocks above are not laid out again.
Column {
    id: root

    property var blocks: null
    property bool streaming: false

    spacing: 10

    Repeater {
        model: root.blocks

        delegate: MarkdownBlock {
            width: parent ? parent.width : 0
        }
    }

    StreamingIndicator {
        visible: root.streaming
        running: visible
    }
}
