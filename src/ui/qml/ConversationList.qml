// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import Confab
import QtQuick.Controls

// The conversations, newest first under date headings, pinned ones on top. Pages load as the
// list is scrolled (the model's fetchMore).
ListView {
    id: root

    clip: true
    model: AppContext.conversations
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
    }

    ScrollBar.vertical: ScrollBar {}

    PlainLabel {
        anchors.centerIn: parent
        width: parent.width - 24
        visible: root.count === 0
        horizontalAlignment: Text.AlignHCenter
        wrapMode: Text.Wrap
        color: Theme.secondaryText
        text: AppContext.conversations.showArchived ? qsTr("No archived conversations.")
                                                    : qsTr("Your conversations will appear here.")
    }
}
