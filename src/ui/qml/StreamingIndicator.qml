// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import Confab

// Three pulsing dots while a reply is on its way.
Row {
    id: root

    required property bool running

    spacing: Theme.streamingDotSpacing
    height: Theme.streamingIndicatorHeight
    Accessible.role: Accessible.Animation
    Accessible.name: qsTr("The reply is arriving")

    Repeater {
        model: 3

        Rectangle {
            id: dot

            required property int index

            width: Theme.streamingDotSize
            height: Theme.streamingDotSize
            radius: Theme.streamingDotSize / 2
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
