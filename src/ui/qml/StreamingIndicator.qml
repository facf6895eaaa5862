// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import Confab

// Three dots while a reply is on its way, one lit at a time. A Timer steps the lit dot a few
// times a second: an animation would redraw the whole window every frame for as long as the
// reply takes, to show nothing new.
Row {
    id: root

    required property bool running
    // The dot that is lit, 0 to 2.
    property int step: 0

    spacing: Theme.streamingDotSpacing
    height: Theme.streamingIndicatorHeight
    Accessible.role: Accessible.Animation
    Accessible.name: qsTr("The reply is arriving")

    Timer {
        objectName: "stepTimer"
        interval: 400
        repeat: true
        running: root.running && root.visible
        onTriggered: root.step = (root.step + 1) % 3
    }

    Repeater {
        model: 3

        Rectangle {
            required property int index

            width: Theme.streamingDotSize
            height: Theme.streamingDotSize
            radius: Theme.streamingDotSize / 2
            anchors.verticalCenter: parent.verticalCenter
            color: Theme.secondaryText
            opacity: index === root.step ? 1 : 0.3
        }
    }
}
