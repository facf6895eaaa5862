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
    required property bool inReasoning

    signal openRequested(string conversationId, string messageId)

    padding: Theme.spacingMedium
    leftPadding: Theme.spacing
    Accessible.name: title
    Accessible.description: (inReasoning ? qsTr("In the thinking: ") : "") + snippet.replace(/<[^>]*>/g, "")

    background: Rectangle {
        radius: Theme.radiusMedium
        color: root.hovered || root.visualFocus ? Theme.hover : "transparent"
    }

    contentItem: ColumnLayout {
        spacing: Theme.spacingTiny

        PlainLabel {
            Layout.fillWidth: true
            text: root.title
            elide: Text.ElideRight
            font.weight: Font.DemiBold
            color: Theme.text
        }
        PlainLabel {
            objectName: "inReasoningLabel"
            visible: root.inReasoning
            text: qsTr("In the thinking")
            color: Theme.secondaryText
            font.italic: true
            font.pixelSize: Theme.fontSizeSmall
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
            font.pixelSize: Theme.fontSizeSmall
        }
    }

    onClicked: openRequested(conversationId, messageId)
}
