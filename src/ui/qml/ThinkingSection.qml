// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import Confab
import QtQuick.Layouts

// A reply's thinking, above its answer: muted and collapsible, from its own markdown blocks.
// "Thinking…" with a running timer while the model thinks, "Thought for 12 s" once it has
// answered. Whether it is open is the view's state, kept outside the delegate: a click (or
// Enter, Space) asks for the other state through toggleRequested().
ColumnLayout {
    id: root

    // The thinking's MarkdownBlocks; whether the model is thinking now and since when (a date);
    // how long it thought (ms, undefined when unknown); whether it is shown open.
    required property var blocks
    required property bool thinking
    required property var thinkingSince
    required property var thinkingMs
    required property bool open

    signal toggleRequested()

    // "12 s", "1 min 5 s"
    function duration(ms) {
        const seconds = Math.max(0, Math.round(ms / 1000))
        return seconds < 60 ? qsTr("%1 s").arg(seconds)
                            : qsTr("%1 min %2 s").arg(Math.floor(seconds / 60)).arg(seconds % 60)
    }
    readonly property string title: {
        if (thinking)
            return qsTr("Thinking…")
        if (thinkingMs === undefined || thinkingMs === null)
            return qsTr("Thought")
        return thinkingMs < 1000 ? qsTr("Thought for a moment") : qsTr("Thought for %1").arg(duration(thinkingMs))
    }
    // While thinking: how long so far, as the timer last saw it.
    property real elapsedMs: 0

    spacing: Theme.spacingSmall

    Timer {
        interval: 250
        repeat: true
        triggeredOnStart: true
        running: root.thinking && root.visible
        onTriggered: {
            const since = root.thinkingSince instanceof Date ? root.thinkingSince.getTime() : NaN
            root.elapsedMs = isNaN(since) ? 0 : Date.now() - since
        }
    }

    Rectangle {
        id: header

        objectName: "thinkingHeader"
        Layout.preferredWidth: headerRow.implicitWidth + Theme.spacing * 2
        Layout.preferredHeight: headerRow.implicitHeight + Theme.spacingSmall * 2
        radius: Theme.radiusSmall
        color: hover.hovered ? Theme.hover : "transparent"
        border.color: header.activeFocus ? Theme.accent : "transparent"
        activeFocusOnTab: true
        Accessible.role: Accessible.Button
        Accessible.name: root.thinking ? qsTr("Thinking, %1").arg(root.duration(root.elapsedMs)) : root.title
        Accessible.description: root.open ? qsTr("Hide the thinking") : qsTr("Show the thinking")
        // Qt 6.4's Accessible has no expanded state: a toggle that is checked while open.
        Accessible.checkable: true
        Accessible.checked: root.open
        Accessible.onPressAction: root.toggleRequested()
        Keys.onPressed: event => {
            if (event.key === Qt.Key_Return || event.key === Qt.Key_Enter || event.key === Qt.Key_Space) {
                root.toggleRequested()
                event.accepted = true
            }
        }

        HoverHandler {
            id: hover
            cursorShape: Qt.PointingHandCursor
        }
        TapHandler {
            onTapped: root.toggleRequested()
        }

        RowLayout {
            id: headerRow

            x: Theme.spacing
            anchors.verticalCenter: parent.verticalCenter
            spacing: Theme.spacingMedium

            PlainLabel {
                text: root.open ? "\u25be" : "\u25b8"
                color: Theme.secondaryText
                font.pixelSize: Theme.fontSizeSmall
            }
            PlainLabel {
                objectName: "thinkingTitle"
                text: root.title
                color: Theme.secondaryText
                font.pixelSize: Theme.fontSizeSmall
                font.weight: Font.DemiBold
            }
            PlainLabel {
                objectName: "thinkingTimer"
                visible: root.thinking
                text: root.duration(root.elapsedMs)
                color: Theme.secondaryText
                font.pixelSize: Theme.fontSizeSmall
            }
        }
    }

    // The thinking itself, set off by a rule on its left and muted.
    Item {
        objectName: "thinkingBody"
        Layout.fillWidth: true
        // Apart from the answer below it.
        implicitHeight: thoughts.implicitHeight + Theme.spacingLarge
        visible: root.open

        Rectangle {
            x: Theme.spacing
            width: Theme.thinkingRuleWidth
            height: thoughts.height
            color: Theme.border
        }
        Column {
            id: thoughts

            x: Theme.spacing + Theme.thinkingRuleWidth + Theme.margin
            width: parent.width - x
            spacing: Theme.spacing
            opacity: Theme.thinkingOpacity

            Repeater {
                model: root.open ? root.blocks : null

                delegate: MarkdownBlock {
                    width: thoughts.width
                }
            }
        }
    }
}
