// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtQuick.Controls

// A menu item whose text is shown as written (see PlainLabel): a MenuItem draws its text with
// the style's IconLabel, which renders HTML.
MenuItem {
    id: control

    contentItem: Text {
        readonly property real indicatorPadding: control.checkable && control.indicator
                                                 ? control.indicator.width + control.spacing : 0
        leftPadding: control.mirrored ? 0 : indicatorPadding
        rightPadding: control.mirrored ? indicatorPadding : 0
        text: control.text
        textFormat: Text.PlainText
        font: control.font
        elide: Text.ElideRight
        verticalAlignment: Text.AlignVCenter
        color: control.down || control.highlighted ? control.palette.highlightedText : control.palette.text
    }
}
