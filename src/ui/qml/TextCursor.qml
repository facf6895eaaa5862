// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import Confab

// A text field's cursor (its cursorDelegate). It blinks while the user is at the text, and some
// seconds after the last key, click or focus it stays lit, as GTK's does: every blink redraws the
// window, and a window nobody is using should draw nothing at all.
Rectangle {
    id: cursor

    objectName: "textCursor"

    // How long it blinks after the last activity; and its half period, from the platform.
    property int blinkFor: 10000
    readonly property int halfPeriod: Qt.styleHints.cursorFlashTime / 2
    // Whether it shows now, and how many times it changed since the last activity.
    property bool lit: true
    property int toggles: 0

    function wake() {
        if (cursor.parent && cursor.parent.activeFocus)
            cursor.parent.cursorVisible = true
        lit = true
        toggles = 0
        blinker.restart()
    }

    width: 1
    color: cursor.parent ? cursor.parent.color : Theme.text
    visible: cursor.parent && cursor.parent.activeFocus && !cursor.parent.readOnly
             && cursor.parent.selectionStart === cursor.parent.selectionEnd
    opacity: lit ? 1 : 0

    Connections {
        target: cursor.parent
        function onCursorPositionChanged() { cursor.wake() }
        function onTextChanged() { cursor.wake() }
        function onActiveFocusChanged() { cursor.wake() }
    }

    Timer {
        id: blinker

        objectName: "cursorBlinker"
        interval: Math.max(1, cursor.halfPeriod)
        repeat: true
        // An even count: it stops lit.
        running: cursor.visible && cursor.halfPeriod > 0
                 && cursor.toggles < 2 * Math.ceil(cursor.blinkFor / (2 * cursor.halfPeriod))
        onTriggered: {
            cursor.lit = !cursor.lit
            ++cursor.toggles
            // Qt's own blink timer asks for a frame at every blink even with a delegate: stopped
            // with the field's cursorVisible, which focus and the next activity set again.
            if (!running && cursor.parent)
                cursor.parent.cursorVisible = false
        }
    }
}
