// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtTest
import Confab

Item {
    id: root

    width: 300
    height: 100

    TestCase {
        name: "TextCursor"
        when: windowShown

        Component {
            id: field
            TextEdit {
                width: 280
                height: 40
                // Settles after a few blinks here, not 10 s.
                cursorDelegate: TextCursor { blinkFor: 1200 }
            }
        }

        function cursorOf(edit) {
            return Array.from(edit.children).find(child => child.objectName === "textCursor")
        }
        function blinkerOf(cursor) {
            return Array.from(cursor.resources).find(child => child.objectName === "cursorBlinker")
        }

        // It blinks after the user acts, then stays lit, with Qt's own blink timer stopped too
        // (cursorVisible), so that an idle window draws nothing; a key wakes it again.
        function test_blinksThenSettlesLit() {
            const edit = createTemporaryObject(field, root)
            edit.forceActiveFocus()
            const cursor = cursorOf(edit)
            verify(cursor)
            const blinker = blinkerOf(cursor)
            verify(blinker)
            verify(cursor.visible)
            verify(blinker.running)
            tryVerify(() => !blinker.running, 10000)
            verify(cursor.lit)
            verify(cursor.visible)
            verify(!edit.cursorVisible)

            keyClick(Qt.Key_A)
            compare(edit.text, "a")
            verify(edit.cursorVisible)
            verify(blinker.running)
        }
    }
}
