// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtQuick.Controls

// A tooltip whose text is shown as written (see PlainLabel). The attached ToolTip (ToolTip.text)
// is the style's, which renders HTML: declare one of these in the item instead.
ToolTip {
    id: control

    contentItem: Text {
        text: control.text
        textFormat: Text.PlainText
        font: control.font
        wrapMode: Text.Wrap
        color: control.palette.toolTipText
    }
}
