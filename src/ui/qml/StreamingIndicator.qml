// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import Confab

// Three pulsing dots while a reply is on its way.
Row {
    id: root

    property bool running: false

    spacing: 5
    height: 16
    Accessible.role: Accessible.Animation
    Accessible.name: qsTr("The reply is arriving")

    Repeater {
        model: 3

        Rectangle {
            id: dot

            required property int index

            width: 8
            height: 8
            radius: 4
            anchors.verticalCenter: parent.verticalCenter
            color: Theme.secondaryText

            SequentialAnimation on opacity {
                running: root.running
                loops: Animation.Infinite
                PauseAnimation { duration: dot.index * 150 }
                NumberAnimation { to: 1; duration: 300 }
                NumberAnimation { to: 0.3; duration: 300 }
                PauseAnimation { duration: (2 - dot.index) * 150 }
            }
        }
    }
}
