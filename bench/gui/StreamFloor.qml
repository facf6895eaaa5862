// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick

// The floor's window: plain Text blocks in a ListView as wide as the app's message column,
// following the end of the reply.
Rectangle {
    id: root

    required property var blocks

    color: "white"

    ListView {
        id: list

        anchors.fill: parent
        anchors.topMargin: 16
        anchors.bottomMargin: 16
        clip: true
        spacing: 12
        model: root.blocks
        delegate: Text {
            required property string display

            x: (ListView.view.width - width) / 2
            width: Math.min(ListView.view.width - 48, 820)
            text: display
            textFormat: Text.PlainText
            wrapMode: Text.Wrap
            font.pixelSize: 15
        }
        onContentHeightChanged: positionViewAtEnd()
    }
}
