// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import Confab
import QtQuick.Controls
import QtQuick.Layouts

// "Deleted … Undo" after a conversation is deleted, for as long as the model waits before
// deleting it for good (its undoTimeout).
Rectangle {
    id: root

    property string conversationId
    property string title

    Connections {
        target: AppContext.conversations
        function onRemovePending(id, title) {
            root.conversationId = id
            root.title = title
            root.visible = true
            hideTimer.restart()
        }
        function onRemoveCommitted(id) {
            if (id === root.conversationId)
                root.visible = false
        }
    }

    visible: false
    implicitHeight: row.implicitHeight + 12
    radius: 6
    color: Theme.dark ? "#2d2e33" : "#323238"

    Timer {
        id: hideTimer
        interval: AppContext.conversations.undoTimeout
        onTriggered: root.visible = false
    }

    RowLayout {
        id: row
        anchors.fill: parent
        anchors.leftMargin: 10
        anchors.rightMargin: 4

        PlainLabel {
            Layout.fillWidth: true
            text: qsTr("Deleted \u201c%1\u201d").arg(root.title)
            elide: Text.ElideRight
            color: "#ffffff"
        }
        Button {
            text: qsTr("Undo")
            flat: true
            palette.buttonText: "#8ab4ff"
            Accessible.name: qsTr("Undo deleting %1").arg(root.title)
            onClicked: {
                AppContext.conversations.undoRemove(root.conversationId)
                root.visible = false
            }
        }
    }
}
