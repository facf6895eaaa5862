// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import Confab
import QtQuick.Controls
import QtQuick.Layouts

// One search hit: its conversation's title and a snippet with the match in bold.
ItemDelegate {
    id: root

    objectName: "searchResult"

    required property string conversationId
    required property string messageId
    required property string title
    required property string snippet

    padding: 6
    leftPadding: 8
    Accessible.name: title
    Accessible.description: snippet.replace(/<[^>]*>/g, "")

    background: Rectangle {
        radius: 6
        color: root.hovered || root.visualFocus ? Theme.hover : "transparent"
    }

    contentItem: ColumnLayout {
        spacing: 2

        PlainLabel {
            Layout.fillWidth: true
            text: root.title
            elide: Text.ElideRight
            font.weight: Font.DemiBold
            color: Theme.text
        }
        Label {
            Layout.fillWidth: true
            text: root.snippet
            // Built by SearchSnippet: the message's text escaped, only <b> around the matches.
            textFormat: Text.StyledText
            wrapMode: Text.Wrap
            maximumLineCount: 3
            elide: Text.ElideRight
            color: Theme.secondaryText
            font.pixelSize: 12
        }
    }

    onClicked: AppContext.chat.openConversation(conversationId, messageId)
}
