// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import Confab
import QtQuick.Controls

// The conversations, newest first under date headings, pinned ones on top. Pages load as the
// list is scrolled (the model's fetchMore).
ListView {
    id: root

    required property ConversationListModel conversations
    // The conversation open in the chat, highlighted.
    required property string currentConversationId

    signal openRequested(string conversationId)

    clip: true
    model: conversations
    boundsBehavior: Flickable.StopAtBounds
    reuseItems: true
    Accessible.role: Accessible.List
    Accessible.name: qsTr("Conversations")

    section.property: "section"
    section.criteria: ViewSection.FullString
    section.delegate: SectionHeader {
        width: ListView.view.width
    }

    delegate: ConversationDelegate {
        width: ListView.view.width
        currentConversationId: root.currentConversationId
        onOpenRequested: conversationId => root.openRequested(conversationId)
        onRenameRequested: (conversationId, title) => root.conversations.rename(conversationId, title)
        onPinRequested: (conversationId, pinned) => root.conversations.setPinned(conversationId, pinned)
        onArchiveRequested: (conversationId, archived) => root.conversations.setArchived(conversationId, archived)
        onRemoveRequested: conversationId => root.conversations.remove(conversationId)
    }

    ScrollBar.vertical: ScrollBar {}

    PlainLabel {
        anchors.centerIn: parent
        width: parent.width - Theme.margin * 2
        visible: root.count === 0
        horizontalAlignment: Text.AlignHCenter
        wrapMode: Text.Wrap
        color: Theme.secondaryText
        text: root.conversations.showArchived ? qsTr("No archived conversations.")
                                                    : qsTr("Your conversations will appear here.")
    }
}
