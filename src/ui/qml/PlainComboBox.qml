// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtQuick.Controls

// A combo box whose choices are shown as written (see PlainLabel): the style's delegate draws
// them with an IconLabel, which renders HTML, and its choices are often a server's (models).
// The box itself shows its text in a TextField, which is always plain.
ComboBox {
    id: box

    delegate: PlainMenuItem {
        id: choice
        required property int index
        required property var modelData
        width: ListView.view.width
        // The window's boxes list strings, or objects with a textRole.
        text: box.textRole ? choice.modelData[box.textRole] : choice.modelData
        font.weight: box.currentIndex === choice.index ? Font.DemiBold : Font.Normal
        highlighted: box.highlightedIndex === choice.index
        hoverEnabled: box.hoverEnabled
    }
}
