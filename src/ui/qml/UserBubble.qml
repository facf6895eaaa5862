// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import Confab

// The user's message as typed (plain text), selectable.
Rectangle {
    id: root

    required property string text

    implicitWidth: body.implicitWidth + Theme.bubblePaddingHorizontal * 2
    implicitHeight: body.implicitHeight + Theme.bubblePaddingVertical * 2
    radius: Theme.radius * 1.6
    color: Theme.userBubble

    TextEdit {
        id: body

        text: root.text
        x: Theme.bubblePaddingHorizontal
        y: Theme.bubblePaddingVertical
        width: Math.min(implicitWidth, root.width - Theme.bubblePaddingHorizontal * 2)
        readOnly: true
        selectByMouse: true
        textFormat: TextEdit.PlainText
        wrapMode: TextEdit.Wrap
        color: Theme.text
        selectionColor: Theme.accent
        font.pixelSize: Theme.fontSizeBody
        Accessible.role: Accessible.StaticText
        Accessible.name: qsTr("You: %1").arg(text)
    }
}
