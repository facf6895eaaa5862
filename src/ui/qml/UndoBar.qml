// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import Confab
import QtQuick.Controls
import QtQuick.Layouts

// "Deleted … Undo" after a conversation is deleted, for as long as the model waits before
// deleting it for good (its undoTimeout).
Rectangle {
    id: root

    required property ConversationListModel conversations
    property string conversationId
    property string title

    Connections {
        target: root.conversations
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
    Accessible.role: Accessible.AlertMessage
    Accessible.name: qsTr("Deleted \u201c%1\u201d").arg(root.title)
    implicitHeight: row.implicitHeight + Theme.margin
    radius: Theme.radiusMedium
    color: Theme.undoBackground

    Timer {
        id: hideTimer
        interval: root.conversations.undoTimeout
        onTriggered: root.visible = false
    }

    RowLayout {
        id: row
        anchors.fill: parent
        anchors.leftMargin: Theme.spacingLarge
        anchors.rightMargin: Theme.spacingSmall

        PlainLabel {
            Layout.fillWidth: true
            text: qsTr("Deleted \u201c%1\u201d").arg(root.title)
            elide: Text.ElideRight
            color: Theme.undoText
        }
        Button {
            text: qsTr("Undo")
            flat: true
            palette.buttonText: Theme.undoAction
            Accessible.name: qsTr("Undo deleting %1").arg(root.title)
            onClicked: {
                root.conversations.undoRemove(root.conversationId)
                root.visible = false
            }
        }
    }
}
