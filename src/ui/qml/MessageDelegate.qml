// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import Confab
import QtQuick.Controls
import QtQuick.Layouts

// One message: the user's as a bubble on the right, the assistant's across the column from
// its markdown blocks, with its state (streaming, stopped, error), actions and branches.
Item {
    id: root

    objectName: "message"

    required property int index
    required property string messageId
    required property string role
    required property string content
    required property var blocks
    required property string status
    required property string errorText
    required property string saveState
    required property string finishReason
    required property string usage
    required property int branchIndex
    required property int branchCount
    // The "model" role (the model's name) cannot be a required property, as `model` names the
    // delegate's model data: it is read when the tooltip asks for it.
    readonly property bool fromUser: role === "user"
    property bool isLast: false

    signal editRequested(string messageId, string text)

    implicitHeight: column.implicitHeight + 8

    HoverHandler {
        id: hover
    }

    ColumnLayout {
        id: column

        width: Math.min(root.width - 48, Theme.contentMaxWidth)
        anchors.horizontalCenter: parent.horizontalCenter
        spacing: 4

        UserBubble {
            Layout.alignment: Qt.AlignRight
            Layout.maximumWidth: column.width * 0.8
            visible: root.fromUser
            text: root.fromUser ? root.content : ""
        }

        AssistantContent {
            Layout.fillWidth: true
            // A reply that failed before its first word shows only its error.
            visible: !root.fromUser && (root.content.length > 0 || streaming)
            blocks: root.fromUser ? null : root.blocks
            streaming: root.status === "pending" || root.status === "streaming"
        }

        MessageStatus {
            Layout.fillWidth: true
            messageId: root.messageId
            status: root.status
            errorText: root.errorText
            saveState: root.saveState
            finishReason: root.finishReason
        }

        MessageActions {
            Layout.alignment: root.fromUser ? Qt.AlignRight : Qt.AlignLeft
            opacity: hover.hovered || root.isLast || activeFocus ? 1 : 0
            messageId: root.messageId
            fromUser: root.fromUser
            content: root.content
            busy: root.status === "pending" || root.status === "streaming"
            failed: root.status === "error" || root.status === "interrupted"
            branchIndex: root.branchIndex
            branchCount: root.branchCount
            onEditRequested: root.editRequested(root.messageId, root.content)
        }
    }

    // The model's name comes from the server or the history: shown as written.
    PlainToolTip {
        objectName: "messageToolTip"
        visible: hover.hovered && !root.fromUser && root.tooltipText.length > 0
        delay: 800
        text: root.tooltipText
    }
    readonly property string tooltipText: hover.hovered && !fromUser
        ? [ItemModels.row(ListView.view.model, index).model, usage].filter(s => s && s.length > 0).join(" \u00b7 ")
        : ""
}
