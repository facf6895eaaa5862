// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import Confab
import QtQuick.Controls

// Copies its text to the clipboard and says so for a moment.
ToolButton {
    id: root

    property string textToCopy
    property bool copied: false

    text: copied ? qsTr("Copied") : qsTr("Copy")
    font.pixelSize: 12
    Accessible.name: qsTr("Copy")
    onClicked: {
        Clipboard.setText(textToCopy)
        copied = true
        resetTimer.restart()
    }

    Timer {
        id: resetTimer
        interval: 1500
        onTriggered: root.copied = false
    }
}
