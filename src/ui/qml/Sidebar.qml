// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import Confab
import QtQuick.Controls
import QtQuick.Layouts

// New chat, search, the conversations by date (or the search's results while searching), the
// archived view and the theme.
Rectangle {
    id: root

    property string themeMode: "system"
    signal themeModeSelected(string mode)
    signal newChatRequested()
    signal collapseRequested()
    signal settingsRequested()

    function focusSearch() {
        searchField.forceActiveFocus()
        searchField.selectAll()
    }

    color: Theme.sidebar

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: Theme.spacing
        spacing: Theme.spacing

        RowLayout {
            Layout.fillWidth: true
            spacing: Theme.spacingSmall

            Button {
                Layout.fillWidth: true
                text: qsTr("New chat")
                icon.name: "document-new"
                Accessible.name: qsTr("New chat")
                Accessible.description: qsTr("Start a new conversation (Ctrl+N)")
                ToolTip.visible: hovered
                ToolTip.delay: 700
                ToolTip.text: qsTr("Ctrl+N")
                onClicked: root.newChatRequested()
            }
            ToolButton {
                text: "\u00ab"
                font.pixelSize: Theme.fontSizeIconLarge
                Accessible.name: qsTr("Hide the sidebar")
                ToolTip.visible: hovered
                ToolTip.delay: 700
                ToolTip.text: qsTr("Hide the sidebar (Ctrl+Shift+S)")
                onClicked: root.collapseRequested()
            }
        }

        SearchField {
            id: searchField
            Layout.fillWidth: true
            onQueryEdited: query => {
                if (AppContext.search.query !== query)
                    AppContext.search.query = query
            }
        }

        ConversationList {
            id: conversationList
            Layout.fillWidth: true
            Layout.fillHeight: true
            visible: AppContext.search.query.length === 0
            conversations: AppContext.conversations
            currentConversationId: AppContext.chat.conversationId
            onOpenRequested: conversationId => AppContext.chat.openConversation(conversationId, "")
        }

        // Made when a search starts: most windows never show it.
        Loader {
            Layout.fillWidth: true
            Layout.fillHeight: true
            visible: !conversationList.visible
            active: visible
            sourceComponent: SearchResults {
                search: AppContext.search
                onOpenRequested: (conversationId, messageId) => AppContext.chat.openConversation(conversationId, messageId)
            }
        }

        UndoBar {
            Layout.fillWidth: true
            conversations: AppContext.conversations
        }

        SidebarFooter {
            Layout.fillWidth: true
            themeMode: root.themeMode
            showArchived: AppContext.conversations.showArchived
            onShowArchivedToggled: show => AppContext.conversations.showArchived = show
            onThemeModeSelected: mode => root.themeModeSelected(mode)
            onSettingsRequested: root.settingsRequested()
        }
    }

    Rectangle {
        anchors.right: parent.right
        width: 1
        height: parent.height
        color: Theme.border
    }
}
