// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import Confab
import QtQuick.Controls
import QtQuick.Layouts

// A one-line notice across the top of the chat: a warning, or an error the user can dismiss.
Rectangle {
    id: root

    property alias text: label.text
    property bool error: false
    property bool closable: true
    // The user closed it (it is hidden already).
    signal dismissed()

    implicitHeight: row.implicitHeight + 12
    color: error ? Theme.errorBackground : Theme.warningBackground
    Accessible.role: Accessible.AlertMessage
    Accessible.name: text

    RowLayout {
        id: row
        anchors.fill: parent
        anchors.leftMargin: 16
        anchors.rightMargin: 8

        PlainLabel {
            id: label
            Layout.fillWidth: true
            wrapMode: Text.Wrap
            color: root.error ? Theme.error : Theme.text
        }
        ToolButton {
            visible: root.closable
            text: "\u2715"
            Accessible.name: qsTr("Dismiss")
            onClicked: {
                root.visible = false
                root.dismissed()
            }
        }
    }
}
