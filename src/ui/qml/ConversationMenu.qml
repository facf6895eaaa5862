// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import Confab
import QtQuick.Controls

// Rename, pin, archive and delete one conversation. Deleting hides it at once; the model deletes
// it for good after its undo timeout unless the undo bar brings it back.
Menu {
    id: root

    required property bool pinned
    required property bool archived

    signal renameRequested()
    signal pinRequested(bool pinned)
    signal archiveRequested(bool archived)
    signal removeRequested()

    function remove() {
        removeRequested()
    }

    MenuItem {
        text: qsTr("Rename")
        Accessible.name: text
        onTriggered: root.renameRequested()
    }
    MenuItem {
        text: root.pinned ? qsTr("Unpin") : qsTr("Pin to the top")
        Accessible.name: text
        onTriggered: root.pinRequested(!root.pinned)
    }
    MenuItem {
        text: root.archived ? qsTr("Move out of the archive") : qsTr("Archive")
        Accessible.name: text
        onTriggered: root.archiveRequested(!root.archived)
    }
    MenuSeparator {}
    MenuItem {
        text: qsTr("Delete")
        Accessible.name: qsTr("Delete the conversation")
        onTriggered: root.remove()
    }
}
