// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import Confab
import QtQuick.Controls

// ‹ 2/3 ›: moves between the versions of a message (edits and regenerated replies).
Row {
    id: root

    property string messageId
    property int index
    property int count

    spacing: 0

    ToolButton {
        text: "\u2039"
        objectName: "previousVersionButton"
        enabled: root.index > 0 && !AppContext.chat.streaming
        font.pixelSize: 16
        Accessible.name: qsTr("Previous version")
        onClicked: AppContext.chat.switchBranch(root.messageId, -1)
    }
    PlainLabel {
        anchors.verticalCenter: parent.verticalCenter
        text: qsTr("%1/%2").arg(root.index + 1).arg(root.count)
        objectName: "versionLabel"
        font.pixelSize: 12
        color: Theme.secondaryText
        Accessible.name: qsTr("Version %1 of %2").arg(root.index + 1).arg(root.count)
    }
    ToolButton {
        text: "\u203a"
        objectName: "nextVersionButton"
        enabled: root.index < root.count - 1 && !AppContext.chat.streaming
        font.pixelSize: 16
        Accessible.name: qsTr("Next version")
        onClicked: AppContext.chat.switchBranch(root.messageId, 1)
    }
}
