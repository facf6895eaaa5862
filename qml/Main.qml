// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

ApplicationWindow {
    id: window

    width: 1100
    height: 720
    minimumWidth: 480
    minimumHeight: 360
    visible: true
    title: qsTr("Confab")

    ColumnLayout {
        anchors.centerIn: parent
        spacing: 8

        Label {
            Layout.alignment: Qt.AlignHCenter
            text: qsTr("Confab")
            font.pixelSize: 28
            font.weight: Font.DemiBold
        }
        Label {
            Layout.alignment: Qt.AlignHCenter
            text: qsTr("Your conversations, on your own disk.")
            opacity: 0.7
        }
    }
}
