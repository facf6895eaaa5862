// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import Confab
import QtQuick.Controls

// The messages that match the search box, with their conversation's title and the matched
// words in bold. A click opens the conversation at that message.
ListView {
    id: root

    required property SearchModel search

    signal openRequested(string conversationId, string messageId)

    clip: true
    model: search
    boundsBehavior: Flickable.StopAtBounds
    spacing: Theme.spacingTiny
    Accessible.role: Accessible.List
    Accessible.name: qsTr("Search results")

    delegate: SearchResultDelegate {
        width: ListView.view.width
        onOpenRequested: (conversationId, messageId) => root.openRequested(conversationId, messageId)
    }

    ScrollBar.vertical: ScrollBar {}

    BusyIndicator {
        anchors.horizontalCenter: parent.horizontalCenter
        y: Theme.margin * 2
        running: root.search.busy && root.count === 0
        visible: running
        Accessible.name: qsTr("Searching")
    }
    PlainLabel {
        anchors.centerIn: parent
        width: parent.width - Theme.margin * 2
        visible: !root.search.busy && root.count === 0
        horizontalAlignment: Text.AlignHCenter
        wrapMode: Text.Wrap
        color: root.search.errorString.length > 0 ? Theme.error : Theme.secondaryText
        text: root.search.errorString.length > 0
              ? root.search.errorString
              : qsTr("No conversations match \u201c%1\u201d.").arg(root.search.query)
    }
}
