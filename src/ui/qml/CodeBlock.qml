// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import Confab
import QtQuick.Controls
import QtQuick.Layouts

// A fenced code block: its language, a Copy button, and the code in a monospace font that
// scrolls sideways instead of wrapping.
Rectangle {
    id: root

    property string code
    property string language

    implicitHeight: header.height + scroller.height
    radius: 6
    color: Theme.codeBackground
    border.color: Theme.border
    clip: true

    Rectangle {
        id: header

        width: parent.width
        height: 32
        color: Theme.codeHeader
        radius: root.radius

        RowLayout {
            anchors.fill: parent
            anchors.leftMargin: 12
            anchors.rightMargin: 4

            PlainLabel {
                Layout.fillWidth: true
                text: root.language.length > 0 ? root.language : qsTr("code")
                font.pixelSize: 12
                color: Theme.secondaryText
            }
            CopyButton {
                textToCopy: root.code
                Accessible.name: qsTr("Copy the %1 code").arg(root.language.length > 0 ? root.language : qsTr("code"))
            }
        }
    }

    Flickable {
        id: scroller

        anchors.top: header.bottom
        width: parent.width
        height: codeText.implicitHeight + 24 + (horizontalBar.visible ? horizontalBar.height : 0)
        contentWidth: codeText.implicitWidth + 24
        contentHeight: codeText.implicitHeight + 24
        flickableDirection: Flickable.HorizontalFlick
        boundsBehavior: Flickable.StopAtBounds
        clip: true

        TextEdit {
            id: codeText

            x: 12
            y: 12
            text: root.code
            readOnly: true
            selectByMouse: true
            textFormat: TextEdit.PlainText
            wrapMode: TextEdit.NoWrap
            color: Theme.text
            selectionColor: Theme.accent
            font.family: Theme.monospaceFamily
            font.pixelSize: 13
            Accessible.role: Accessible.StaticText
            Accessible.name: root.code
        }

        ScrollBar.horizontal: ScrollBar {
            id: horizontalBar
            policy: scroller.contentWidth > scroller.width ? ScrollBar.AlwaysOn : ScrollBar.AlwaysOff
            visible: policy === ScrollBar.AlwaysOn
        }
    }
}
