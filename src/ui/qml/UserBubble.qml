// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import Confab

// The user's message as typed (plain text), selectable.
Rectangle {
    id: root

    property alias text: body.text

    implicitWidth: body.implicitWidth + 28
    implicitHeight: body.implicitHeight + 18
    radius: Theme.radius * 1.6
    color: Theme.userBubble

    TextEdit {
        id: body

        x: 14
        y: 9
        width: Math.min(implicitWidth, root.width - 28)
        readOnly: true
        selectByMouse: true
        textFormat: TextEdit.PlainText
        wrapMode: TextEdit.Wrap
        color: Theme.text
        selectionColor: Theme.accent
        font.pixelSize: 15
        Accessible.role: Accessible.StaticText
        Accessible.name: qsTr("You: %1").arg(text)
    }
}
