// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import Confab
import QtQuick.Controls
import QtQuick.Layouts

// A fenced code block: its language, a Copy button, and the code in a monospace font that
// scrolls sideways instead of wrapping, coloured by highlight.js (CodeHighlighting) as the theme
// says. The text stays plain: the colours are formats laid on it, and Copy copies the code.
Rectangle {
    id: root

    required property string code
    required property string language
    // The closing fence has arrived: the code is whole (while it streams it is highlighted as it
    // grows, and kept in the highlighter's cache once whole).
    required property bool closed

    implicitHeight: header.height + scroller.height
    radius: Theme.radiusMedium
    color: Theme.codeBackground
    border.color: Theme.border
    clip: true

    Rectangle {
        id: header

        width: parent.width
        height: Theme.codeHeaderHeight
        color: Theme.codeHeader
        radius: root.radius

        RowLayout {
            anchors.fill: parent
            anchors.leftMargin: Theme.margin
            anchors.rightMargin: Theme.spacingSmall

            PlainLabel {
                Layout.fillWidth: true
                text: root.language.length > 0 ? root.language : qsTr("code")
                font.pixelSize: Theme.fontSizeSmall
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
        height: codeText.implicitHeight + Theme.margin * 2 + (horizontalBar.visible ? horizontalBar.height : 0)
        contentWidth: codeText.implicitWidth + Theme.margin * 2
        contentHeight: codeText.implicitHeight + Theme.margin * 2
        flickableDirection: Flickable.HorizontalFlick
        boundsBehavior: Flickable.StopAtBounds
        clip: true

        TextEdit {
            id: codeText

            objectName: "codeText"
            x: Theme.margin
            y: Theme.margin
            text: root.code
            readOnly: true
            selectByMouse: true
            textFormat: TextEdit.PlainText
            wrapMode: TextEdit.NoWrap
            color: Theme.text
            selectionColor: Theme.accent
            font.family: Theme.monospaceFamily
            font.pixelSize: Theme.fontSizeCode
            Accessible.role: Accessible.StaticText
            Accessible.name: root.code

            CodeHighlighting {
                objectName: "codeHighlighting"
                document: codeText.textDocument
                code: root.code
                language: root.language
                closed: root.closed
                colours: Theme.syntaxColours
                backgrounds: Theme.syntaxBackgrounds
            }
        }

        ScrollBar.horizontal: ScrollBar {
            id: horizontalBar
            policy: scroller.contentWidth > scroller.width ? ScrollBar.AlwaysOn : ScrollBar.AlwaysOff
            visible: policy === ScrollBar.AlwaysOn
        }
    }
}
