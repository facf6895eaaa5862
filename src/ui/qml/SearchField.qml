// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import Confab
import QtQuick.Controls

// The search box: what is typed becomes the search model's query (it debounces); Esc clears it.
TextField {
    id: root

    objectName: "searchInput"

    placeholderText: qsTr("Search conversations (Ctrl+K)")
    Accessible.name: qsTr("Search conversations")
    selectByMouse: true
    rightPadding: clearButton.visible ? clearButton.width + 4 : padding

    onTextChanged: if (AppContext.search.query !== text) AppContext.search.query = text
    Keys.onEscapePressed: event => {
        if (text.length > 0) {
            clear()
            event.accepted = true
        } else {
            event.accepted = false
        }
    }

    ToolButton {
        id: clearButton
        anchors.right: parent.right
        anchors.verticalCenter: parent.verticalCenter
        visible: root.text.length > 0
        text: "\u2715"
        flat: true
        Accessible.name: qsTr("Clear the search")
        onClicked: root.clear()
    }
}
