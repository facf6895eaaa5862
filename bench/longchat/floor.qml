// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick

// The floor: the same messages' text in a bare ListView of plain Text items, in a window and a
// column of the app's size, opened at its end once.
Window {
    id: window

    width: 1100
    height: 720
    visible: true
    color: "white"

    function open(texts) {
        list.model = texts
        list.positionViewAtEnd()
    }

    ListView {
        id: list

        objectName: "messageList"
        x: 260
        width: parent.width - x
        height: parent.height
        spacing: 4
        clip: true
        boundsBehavior: Flickable.StopAtBounds

        delegate: Text {
            required property string display

            x: 24
            width: Math.min(ListView.view.width - 48, 820)
            text: display
            textFormat: Text.PlainText
            wrapMode: Text.Wrap
            font.pixelSize: 15
        }
    }
}
