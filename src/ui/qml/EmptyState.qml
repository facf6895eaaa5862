// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import Confab
import QtQuick.Controls
import QtQuick.Layouts

// What a new chat shows before its first message.
ColumnLayout {
    spacing: 8

    PlainLabel {
        Layout.alignment: Qt.AlignHCenter
        text: qsTr("Confab")
        font.pixelSize: 28
        font.weight: Font.DemiBold
        color: Theme.text
    }
    PlainLabel {
        Layout.alignment: Qt.AlignHCenter
        text: qsTr("Your conversations, on your own disk.")
        color: Theme.secondaryText
    }
    PlainLabel {
        Layout.alignment: Qt.AlignHCenter
        Layout.topMargin: 12
        text: qsTr("Ctrl+N new chat \u00b7 Ctrl+K search \u00b7 Ctrl+Shift+S sidebar")
        font.pixelSize: 12
        color: Theme.secondaryText
    }
}
