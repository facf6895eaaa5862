// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import Confab
import QtQuick.Controls

// Rename, pin, archive and delete one conversation. Deleting hides it at once; the model deletes
// it for good after its undo timeout unless the undo bar brings it back.
Menu {
    id: root

    property string conversationId
    property string conversationTitle
    property bool pinned
    property bool archived

    signal renameRequested()

    function remove() {
        AppContext.conversations.remove(conversationId)
    }

    MenuItem {
        text: qsTr("Rename")
        Accessible.name: text
        onTriggered: root.renameRequested()
    }
    MenuItem {
        text: root.pinned ? qsTr("Unpin") : qsTr("Pin to the top")
        Accessible.name: text
        onTriggered: AppContext.conversations.setPinned(root.conversationId, !root.pinned)
    }
    MenuItem {
        text: root.archived ? qsTr("Move out of the archive") : qsTr("Archive")
        Accessible.name: text
        onTriggered: AppContext.conversations.setArchived(root.conversationId, !root.archived)
    }
    MenuSeparator {}
    MenuItem {
        text: qsTr("Delete")
        Accessible.name: qsTr("Delete the conversation")
        onTriggered: root.remove()
    }
}
