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

    // The roles, but `id`: it cannot be a property name, so it is read from `model`.
    required property var model
    required property string title
    required property bool pinned
    required property bool archived
    required property bool pendingTitle
    readonly property string conversationId: model.id
    // Not a role: the conversation open in the chat, set where the view declares its delegate.
    property string currentConversationId
    property bool renaming: false

    signal openRequested(string conversationId)
    signal renameRequested(string conversationId, string title)
    signal pinRequested(string conversationId, bool pinned)
    signal archiveRequested(string conversationId, bool archived)
    signal removeRequested(string conversationId)

    // The field and the menu are made when wanted: a sidebar shows dozens of conversations.
    function startRenaming() {
        renaming = true
        const field = renameLoader.item
        field.text = title
        field.forceActiveFocus()
        field.selectAll()
    }
    function finishRenaming(accept) {
        if (!renaming)
            return
        const newTitle = renameLoader.item.text.trim()
        renaming = false
        if (accept && newTitle.length > 0 && newTitle !== title)
            renameRequested(conversationId, newTitle)
    }
    function showMenu(item, x, y) {
        menuLoader.active = true
        menuLoader.item.popup(item, x, y)
    }

    highlighted: conversationId === currentConversationId
    text: title
    Accessible.name: pinned ? qsTr("%1, pinned").arg(title) : title
    Accessible.description: qsTr("Open the conversation; F2 renames it, the menu key shows more.")
    padding: Theme.spacingMedium
    leftPadding: Theme.spacing

    background: Rectangle {
        radius: Theme.radiusMedium
        color: root.highlighted ? Theme.selection : root.hovered ? Theme.hover : "transparent"
    }

    contentItem: RowLayout {
        spacing: Theme.spacingSmall

        PlainLabel {
            Layout.fillWidth: true
            visible: !root.renaming
            text: root.title
            elide: Text.ElideRight
            color: Theme.text
            font.italic: root.pendingTitle
        }
        // Made only where it shows: on the conversation hovered, open or with its menu up.
        Loader {
            visible: active
            active: !root.renaming && (root.hovered || root.highlighted
                                       || (menuLoader.item !== null && menuLoader.item.visible))
            sourceComponent: ToolButton {
                text: "\u22ef"
                implicitWidth: Theme.smallButtonWidth
                implicitHeight: Theme.smallButtonHeight
                Accessible.name: qsTr("More actions for %1").arg(root.title)
                onClicked: root.showMenu(this, 0, height)
            }
        }
    }

    ListView.onReused: renaming = false
    onClicked: if (!renaming) openRequested(conversationId)
    onDoubleClicked: startRenaming()
    Keys.onPressed: event => {
        if (event.key === Qt.Key_F2) {
            startRenaming()
            event.accepted = true
        } else if (event.key === Qt.Key_Menu) {
            root.showMenu(root, 0, root.height)
            event.accepted = true
        } else if (event.key === Qt.Key_Delete) {
            root.removeRequested(root.conversationId)
            event.accepted = true
        }
    }

    Loader {
        id: renameLoader
        anchors.fill: parent
        anchors.margins: Theme.spacingTiny
        active: root.renaming
        sourceComponent: TextField {
            selectByMouse: true
            Accessible.name: qsTr("New title")
            onAccepted: root.finishRenaming(true)
            onActiveFocusChanged: if (!activeFocus) root.finishRenaming(true)
            Keys.onEscapePressed: root.finishRenaming(false)
        }
    }

    TapHandler {
        acceptedButtons: Qt.RightButton
        onTapped: (eventPoint) => root.showMenu(root, eventPoint.position.x, eventPoint.position.y)
    }

    Loader {
        id: menuLoader
        active: false
        sourceComponent: ConversationMenu {
            pinned: root.pinned
            archived: root.archived
            onRenameRequested: root.startRenaming()
            onPinRequested: pinned => root.pinRequested(root.conversationId, pinned)
            onArchiveRequested: archived => root.archiveRequested(root.conversationId, archived)
            onRemoveRequested: root.removeRequested(root.conversationId)
        }
    }
}
