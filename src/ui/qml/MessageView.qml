// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import Confab
import QtQuick.Controls

// The conversation's messages. Follows the newest text while it streams unless the user has
// scrolled up; then "Jump to latest" brings them back. Older messages load at the top.
Item {
    id: root

    // The chat whose messages these are: its model, its streaming and the actions on a message.
    required property ChatController chat
    // A new reply can be asked for (see AppContext.canSend).
    required property bool canSend

    signal editRequested(string messageId, string text)

    ListView {
        id: list

        objectName: "messageList"

        // Whether new text scrolls the view: true until the user scrolls away from the end.
        property bool followEnd: true
        property bool positioning: false
        readonly property bool nearEnd: contentY + height >= originY + contentHeight - 48

        function toEnd() {
            positioning = true
            positionViewAtEnd()
            positioning = false
            followEnd = true
        }
        function followIfNeeded() {
            if (followEnd)
                toEnd()
        }

        anchors.fill: parent
        clip: true
        model: root.chat.messages
        spacing: Theme.spacingSmall
        topMargin: Theme.marginLarge
        bottomMargin: Theme.marginLarge
        boundsBehavior: Flickable.StopAtBounds
        cacheBuffer: Theme.messageCacheBuffer
        Accessible.role: Accessible.List
        Accessible.name: qsTr("Messages")

        delegate: MessageDelegate {
            width: ListView.view.width
            isLast: index === ListView.view.count - 1
            chatBusy: root.chat.streaming
            canSend: root.canSend
            onEditRequested: (messageId, text) => root.editRequested(messageId, text)
            onRetryRequested: messageId => root.chat.retry(messageId)
            onContinueRequested: messageId => root.chat.continueReply(messageId)
            onRegenerateRequested: messageId => root.chat.regenerate(messageId)
            onSwitchBranchRequested: (messageId, step) => root.chat.switchBranch(messageId, step)
            onThinkingOpenRequested: (messageId, open) => root.chat.messages.setThinkingOpen(messageId, open)
        }

        onContentYChanged: {
            if (!positioning)
                followEnd = nearEnd
            if (atYBeginning && ItemModels.canFetchMore(model))
                ItemModels.fetchMore(model)
        }
        // Once per frame at most, after the layout settled.
        onContentHeightChanged: followTimer.restart()
        onCountChanged: followTimer.restart()
        onModelChanged: followEnd = true

        ScrollBar.vertical: ScrollBar {}

        Timer {
            id: followTimer
            interval: 0
            onTriggered: list.followIfNeeded()
        }
    }

    EmptyState {
        anchors.centerIn: parent
        visible: list.count === 0 && !root.chat.messages.loading
    }

    RoundButton {
        anchors.horizontalCenter: parent.horizontalCenter
        anchors.bottom: parent.bottom
        anchors.bottomMargin: Theme.margin
        visible: !list.followEnd && list.count > 0
        text: qsTr("Jump to latest \u2193")
        Accessible.name: qsTr("Jump to the latest message")
        onClicked: list.toEnd()
    }

    Connections {
        target: root.chat
        function onScrollToMessage(row) {
            list.followEnd = false
            list.positioning = true
            list.positionViewAtIndex(row, ListView.Center)
            list.positioning = false
        }
        function onConversationIdChanged() {
            list.followEnd = true
        }
    }
}
