// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import Confab
import QtQuick.Controls
import QtQuick.Layouts

// One conversation in the sidebar: opens on click, renames in place (double-click or F2), and
// has a menu to pin, archive, rename and delete it.
ItemDelegate {
    id: root

    objectName: "conversation"

    // The model's roles come by name (`model.id`): `id` cannot be a property name.
    required property var model
    readonly property string conversationId: model.id
    readonly property string conversationTitle: model.title
    readonly property bool isPinned: model.pinned
    readonly property bool isArchived: model.archived
    property bool renaming: false

    function startRenaming() {
        renaming = true
        renameField.text = conversationTitle
        renameField.forceActiveFocus()
        renameField.selectAll()
    }
    function finishRenaming(accept) {
        if (!renaming)
            return
        renaming = false
        const title = renameField.text.trim()
        if (accept && title.length > 0 && title !== conversationTitle)
            AppContext.conversations.rename(conversationId, title)
    }

    highlighted: conversationId === AppContext.chat.conversationId
    text: conversationTitle
    Accessible.name: isPinned ? qsTr("%1, pinned").arg(conversationTitle) : conversationTitle
    Accessible.description: qsTr("Open the conversation; F2 renames it, the menu key shows more.")
    padding: 6
    leftPadding: 8

    background: Rectangle {
        radius: 6
        color: root.highlighted ? Theme.selection : root.hovered ? Theme.hover : "transparent"
    }

    contentItem: RowLayout {
        spacing: 4

        PlainLabel {
            Layout.fillWidth: true
            visible: !root.renaming
            text: root.conversationTitle
            elide: Text.ElideRight
            color: Theme.text
            font.italic: root.model.pendingTitle
        }
        ToolButton {
            visible: !root.renaming && (root.hovered || root.highlighted || menu.visible)
            text: "\u22ef"
            implicitWidth: 28
            implicitHeight: 24
            Accessible.name: qsTr("More actions for %1").arg(root.conversationTitle)
            onClicked: menu.popup(this, 0, height)
        }
    }

    ListView.onReused: renaming = false
    onClicked: if (!renaming) AppContext.chat.openConversation(conversationId, "")
    onDoubleClicked: startRenaming()
    Keys.onPressed: event => {
        if (event.key === Qt.Key_F2) {
            startRenaming()
            event.accepted = true
        } else if (event.key === Qt.Key_Menu) {
            menu.popup(root, 0, root.height)
            event.accepted = true
        } else if (event.key === Qt.Key_Delete) {
            menu.remove()
            event.accepted = true
        }
    }

    TextField {
        id: renameField
        anchors.fill: parent
        anchors.margins: 2
        visible: root.renaming
        selectByMouse: true
        Accessible.name: qsTr("New title")
        onAccepted: root.finishRenaming(true)
        onActiveFocusChanged: if (!activeFocus) root.finishRenaming(true)
        Keys.onEscapePressed: root.finishRenaming(false)
    }

    TapHandler {
        acceptedButtons: Qt.RightButton
        onTapped: (eventPoint) => menu.popup(root, eventPoint.position.x, eventPoint.position.y)
    }

    ConversationMenu {
        id: menu
        conversationId: root.conversationId
        conversationTitle: root.conversationTitle
        pinned: root.isPinned
        archived: root.isArchived
        onRenameRequested: root.startRenaming()
    }
}
