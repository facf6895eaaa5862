// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import Confab
import QtQuick.Controls

// ‹ 2/3 ›: moves between the versions of a message (edits and regenerated replies).
Row {
    id: root

    // The version shown (from 0) and how many there are.
    required property int index
    required property int count
    // While a reply streams, the versions stay put.
    required property bool busy

    // -1 for the previous version, 1 for the next.
    signal switchRequested(int step)

    spacing: 0

    ToolButton {
        text: "\u2039"
        objectName: "previousVersionButton"
        enabled: root.index > 0 && !root.busy
        font.pixelSize: Theme.fontSizeIcon
        Accessible.name: qsTr("Previous version")
        onClicked: root.switchRequested(-1)
    }
    PlainLabel {
        anchors.verticalCenter: parent.verticalCenter
        text: qsTr("%1/%2").arg(root.index + 1).arg(root.count)
        objectName: "versionLabel"
        font.pixelSize: Theme.fontSizeSmall
        color: Theme.secondaryText
        Accessible.name: qsTr("Version %1 of %2").arg(root.index + 1).arg(root.count)
    }
    ToolButton {
        text: "\u203a"
        objectName: "nextVersionButton"
        enabled: root.index < root.count - 1 && !root.busy
        font.pixelSize: Theme.fontSizeIcon
        Accessible.name: qsTr("Next version")
        onClicked: root.switchRequested(1)
    }
}
