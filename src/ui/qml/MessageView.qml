// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import Confab
import QtQuick.Controls

// The conversation's messages, laid out from the bottom up over the model read newest first, as
// chat views do (KDE NeoChat's timeline): the newest message sits at the view's origin, so the
// view opens at the end with no positioning, a reply growing there stays in sight while the view
// is at the end and nothing moves when the user has scrolled up, and older pages, read as the top
// comes near, join at the far end without moving what is shown. "Jump to latest" brings the end back.
Item {
    id: root

    // The chat whose messages these are: its model, its streaming and the actions on a message.
    required property ChatController chat
    // A new reply can be asked for (see AppContext.canSend).
    required property bool canSend

    signal editRequested(string messageId, string text)

    ReversedListModel {
        id: newestFirst

        sourceModel: root.chat.messages
    }

    ListView {
        id: list

        objectName: "messageList"

        // The newest message is in sight (its bottom within a line of the view's).
        readonly property bool atLatest: contentY + height >= originY + contentHeight - Theme.gutter

        function toLatest() {
            positionViewAtBeginning()
        }
        // Older messages are read once the top is less than a screen away, so they are laid out
        // before the user gets there; never more than that.
        function fetchIfNearTop() {
            if (count > 0 && contentY - originY < height && ItemModels.canFetchMore(model))
                ItemModels.fetchMore(model)
        }

        anchors.top: parent.top
        anchors.left: parent.left
        anchors.right: parent.right
        // A short conversation starts at the top, as a long one reads from it; once it fills the
        // view, the view is its height.
        height: Math.min(parent.height, contentHeight + topMargin + bottomMargin)
        clip: true
        model: newestFirst
        verticalLayoutDirection: ListView.BottomToTop
        spacing: Theme.spacingSmall
        topMargin: Theme.marginLarge
        bottomMargin: Theme.marginLarge
        boundsBehavior: Flickable.StopAtBounds
        cacheBuffer: Theme.messageCacheBuffer
        // Without this, the view's default highlight (an empty item, but one) chases the current
        // message at 400 px/s across every page read, redrawing the window until it gets there:
        // minutes after a long conversation was scrolled.
        highlightFollowsCurrentItem: false
        Accessible.role: Accessible.List
        Accessible.name: qsTr("Messages")

        delegate: MessageDelegate {
            width: ListView.view.width
            isLast: index === 0
            chatBusy: root.chat.streaming
            canSend: root.canSend
            onEditRequested: (messageId, text) => root.editRequested(messageId, text)
            onRetryRequested: messageId => root.chat.retry(messageId)
            onContinueRequested: messageId => root.chat.continueReply(messageId)
            onRegenerateRequested: messageId => root.chat.regenerate(messageId)
            onSwitchBranchRequested: (messageId, step) => root.chat.switchBranch(messageId, step)
            onThinkingOpenRequested: (messageId, open) => root.chat.messages.setThinkingOpen(messageId, open)
        }

        onContentYChanged: fetchIfNearTop()
        onCountChanged: fetchIfNearTop()

        ScrollBar.vertical: ScrollBar {}
    }

    // A message sent (or a reply asked for) while the user reads further up shows the end again:
    // once the view has taken the new rows in (positioning lays it out, which must not happen
    // before it knows of them).
    Connections {
        target: newestFirst
        function onRowsInserted(parent, first, last) {
            if (first === 0 && !root.chat.messages.loading && !list.atLatest)
                Qt.callLater(list.toLatest)
        }
    }

    EmptyState {
        anchors.centerIn: parent
        visible: list.count === 0 && !root.chat.messages.loading
    }

    RoundButton {
        objectName: "jumpToLatest"
        anchors.horizontalCenter: parent.horizontalCenter
        anchors.bottom: parent.bottom
        anchors.bottomMargin: Theme.margin
        visible: !list.atLatest && list.count > 0
        text: qsTr("Jump to latest \u2193")
        Accessible.name: qsTr("Jump to the latest message")
        onClicked: list.toLatest()
    }

    Connections {
        target: root.chat
        // `row` is the message model's (oldest first).
        function onScrollToMessage(row) {
            list.positionViewAtIndex(newestFirst.fromSourceRow(row), ListView.Center)
        }
    }
}
