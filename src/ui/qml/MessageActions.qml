// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import Confab
import QtQuick.Controls

// Copy, regenerate (a reply) or edit (a question), and ‹ n/m › between the message's versions.
Row {
    id: root

    required property bool fromUser
    required property string content
    // This message is still being written.
    required property bool busy
    // A failed or cut-short reply offers Retry on the message itself; Regenerate would repeat it.
    required property bool failed
    required property int branchIndex
    required property int branchCount
    // A reply streams somewhere in the chat: nothing may change under it.
    required property bool chatBusy
    // A new reply can be asked for (a key, a model: see AppContext.canSend).
    required property bool canSend

    signal editRequested()
    signal regenerateRequested()
    signal switchBranchRequested(int step)

    spacing: Theme.spacingTiny

    BranchSwitcher {
        visible: root.branchCount > 1
        index: root.branchIndex
        count: root.branchCount
        busy: root.chatBusy
        onSwitchRequested: step => root.switchBranchRequested(step)
    }
    CopyButton {
        visible: !root.busy && root.content.length > 0
        textToCopy: root.content
        Accessible.name: root.fromUser ? qsTr("Copy your message") : qsTr("Copy the reply")
    }
    ToolButton {
        visible: !root.fromUser && !root.busy && !root.failed
        enabled: !root.chatBusy && root.canSend
        text: qsTr("Regenerate")
        objectName: "regenerateButton"
        font.pixelSize: Theme.fontSizeSmall
        Accessible.name: qsTr("Regenerate the reply")
        onClicked: root.regenerateRequested()
    }
    ToolButton {
        visible: root.fromUser
        enabled: !root.chatBusy
        text: qsTr("Edit")
        objectName: "editButton"
        font.pixelSize: Theme.fontSizeSmall
        Accessible.name: qsTr("Edit and resend your message")
        onClicked: root.editRequested()
    }
}
