// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import Confab
import QtQuick.Controls

// The messages that match the search box, with their conversation's title and the matched
// words in bold. A click opens the conversation at that message.
ListView {
    id: root

    clip: true
    model: AppContext.search
    boundsBehavior: Flickable.StopAtBounds
    spacing: 2
    Accessible.role: Accessible.List
    Accessible.name: qsTr("Search results")

    delegate: SearchResultDelegate {
        width: ListView.view.width
    }

    ScrollBar.vertical: ScrollBar {}

    BusyIndicator {
        anchors.horizontalCenter: parent.horizontalCenter
        y: 24
        running: AppContext.search.busy && root.count === 0
        visible: running
        Accessible.name: qsTr("Searching")
    }
    PlainLabel {
        anchors.centerIn: parent
        width: parent.width - 24
        visible: !AppContext.search.busy && root.count === 0
        horizontalAlignment: Text.AlignHCenter
        wrapMode: Text.Wrap
        color: AppContext.search.errorString.length > 0 ? Theme.error : Theme.secondaryText
        text: AppContext.search.errorString.length > 0
              ? AppContext.search.errorString
              : qsTr("No conversations match \u201c%1\u201d.").arg(AppContext.search.query)
    }
}
