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
    // The model's thinking (see ThinkingSection); thinkingOpen: the user's choice, or undefined.
    required property string reasoning
    required property var reasoningBlocks
    required property bool thinking
    required property var thinkingSince
    required property var thinkingMs
    required property var thinkingOpen
    // The "model" role (the model's name) cannot be a required property, as `model` names the
    // delegate's model data: it is read when the tooltip asks for it.
    readonly property bool fromUser: role === "user"
    readonly property bool streaming: status === "pending" || status === "streaming"
    // Not roles: the view's state, set where the view declares its delegate.
    property bool isLast: false
    property bool chatBusy: false
    property bool canSend: false

    signal editRequested(string messageId, string text)
    signal retryRequested(string messageId)
    signal continueRequested(string messageId)
    signal regenerateRequested(string messageId)
    signal switchBranchRequested(string messageId, int step)
    signal thinkingOpenRequested(string messageId, bool open)

    Accessible.role: Accessible.ListItem
    // While a reply streams its name says so, rather than being built again from the whole
    // text at every update (a copy of the reply each time, more the longer it is).
    Accessible.name: fromUser ? qsTr("You: %1").arg(content)
                              : qsTr("Reply: %1").arg(streaming ? qsTr("the reply is arriving")
                                                      : content.length > 0 ? content
                                                      : errorText.length > 0 ? errorText : status)

    implicitHeight: column.implicitHeight + Theme.spacing

    HoverHandler {
        id: hover
    }

    ColumnLayout {
        id: column

        width: Math.min(root.width - Theme.gutter, Theme.contentMaxWidth)
        anchors.horizontalCenter: parent.horizontalCenter
        spacing: Theme.spacingSmall

        UserBubble {
            Layout.alignment: Qt.AlignRight
            Layout.maximumWidth: column.width * 0.8
            visible: root.fromUser
            text: root.fromUser ? root.content : ""
        }

        ThinkingSection {
            id: thinkingSection
            objectName: "thinkingSection"
            Layout.fillWidth: true
            visible: !root.fromUser && (root.reasoning.length > 0 || root.thinking)
            blocks: root.fromUser ? null : root.reasoningBlocks
            thinking: root.thinking
            thinkingSince: root.thinkingSince
            thinkingMs: root.thinkingMs
            // Unless the user chose: open while the model thinks, closed once the answer begins.
            open: root.thinkingOpen === undefined || root.thinkingOpen === null ? root.thinking : root.thinkingOpen
            onToggleRequested: root.thinkingOpenRequested(root.messageId, !open)
        }

        AssistantContent {
            id: assistantContent

            Layout.fillWidth: true
            // The part of the reply the view shows: the blocks far from it leave the scene.
            viewTop: root.ListView.view ? root.ListView.view.contentY - root.y - column.y - y : -Infinity
            viewBottom: root.ListView.view ? viewTop + root.ListView.view.height : Infinity
            // A reply that failed before its first word shows only its error; while the model
            // thinks, its thinking says so.
            visible: !root.fromUser && (root.content.length > 0 || (root.streaming && !root.thinking))
            blocks: root.fromUser ? null : root.blocks
            streaming: root.streaming
        }

        MessageStatus {
            Layout.fillWidth: true
            status: root.status
            errorText: root.errorText
            saveState: root.saveState
            finishReason: root.finishReason
            canContinue: !root.chatBusy && root.canSend
            onRetryRequested: root.retryRequested(root.messageId)
            onContinueRequested: root.continueRequested(root.messageId)
        }

        MessageActions {
            Layout.alignment: root.fromUser ? Qt.AlignRight : Qt.AlignLeft
            opacity: hover.hovered || root.isLast || activeFocus ? 1 : 0
            fromUser: root.fromUser
            content: root.content
            busy: root.streaming
            failed: root.status === "error" || root.status === "interrupted"
            branchIndex: root.branchIndex
            branchCount: root.branchCount
            chatBusy: root.chatBusy
            canSend: root.canSend
            onEditRequested: root.editRequested(root.messageId, root.content)
            onRegenerateRequested: root.regenerateRequested(root.messageId)
            onSwitchBranchRequested: step => root.switchBranchRequested(root.messageId, step)
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
