// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import Confab
import QtQuick.Controls

// Copy, regenerate (a reply) or edit (a question), and ‹ n/m › between the message's versions.
Row {
    id: root

    property string messageId
    property bool fromUser
    property string content
    property bool busy
    // A failed or cut-short reply offers Retry on the message itself; Regenerate would repeat it.
    property bool failed
    property int branchIndex
    property int branchCount: 1

    signal editRequested()

    spacing: 2

    BranchSwitcher {
        visible: root.branchCount > 1
        messageId: root.messageId
        index: root.branchIndex
        count: root.branchCount
    }
    CopyButton {
        visible: !root.busy && root.content.length > 0
        textToCopy: root.content
        Accessible.name: root.fromUser ? qsTr("Copy your message") : qsTr("Copy the reply")
    }
    ToolButton {
        visible: !root.fromUser && !root.busy && !root.failed
        enabled: !AppContext.chat.streaming && AppContext.canSend
        text: qsTr("Regenerate")
        objectName: "regenerateButton"
        font.pixelSize: 12
        Accessible.name: qsTr("Regenerate the reply")
        onClicked: AppContext.chat.regenerate(root.messageId)
    }
    ToolButton {
        visible: root.fromUser
        enabled: !AppContext.chat.streaming
        text: qsTr("Edit")
        objectName: "editButton"
        font.pixelSize: 12
        Accessible.name: qsTr("Edit and resend your message")
        onClicked: root.editRequested()
    }
}
