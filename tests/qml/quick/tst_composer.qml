// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtTest
import Confab

Item {
    id: root

    width: 700
    height: 500

    TestCase {
        id: testCase
        name: "Composer"
        when: windowShown

        Component {
            id: composer
            Composer {
                width: 700
            }
        }

        function findNamed(item, name) {
            if (item.objectName === name)
                return item
            for (let i = 0; i < item.children.length; ++i) {
                const found = findNamed(item.children[i], name)
                if (found)
                    return found
            }
            return null
        }

        function init() {
            AppContext.chat.newChat()
            AppContext.chat.draft = "" // drafts are kept across components, as across restarts
        }

        function test_shiftEnterBreaksTheLineAndTheBoxGrowsToALimit() {
            const item = createTemporaryObject(composer, root)
            const input = findNamed(item, "composerInput")
            item.focusInput()
            verify(input.activeFocus)
            const oneLine = item.implicitHeight
            keyClick("a")
            keyClick(Qt.Key_Return, Qt.ShiftModifier)
            keyClick("b")
            compare(input.text, "a\nb")
            tryVerify(() => item.implicitHeight > oneLine) // laid out at the next frame
            compare(AppContext.chat.messages.rowCount(), 0) // nothing sent
            for (let i = 0; i < 40; ++i)
                keyClick(Qt.Key_Return, Qt.ShiftModifier)
            // The text is far taller than the box now; the box has settled at its limit.
            tryVerify(() => input.implicitHeight > 400)
            let limit = -1
            for (let frame = 0; frame < 50 && item.implicitHeight !== limit; ++frame) {
                limit = item.implicitHeight
                wait(50) // a few frames: the layout catches up in steps
            }
            keyClick(Qt.Key_Return, Qt.ShiftModifier)
            waitForRendering(item)
            compare(item.implicitHeight, limit)
            verify(limit < 320)
        }

        function test_enterSendsAndClears() {
            const item = createTemporaryObject(composer, root)
            const input = findNamed(item, "composerInput")
            const send = findNamed(item, "sendButton")
            item.focusInput()
            verify(!send.enabled) // nothing to send yet
            keyClick("h")
            keyClick("i")
            verify(send.enabled)
            keyClick(Qt.Key_Return)
            compare(input.text, "")
            // Shown at once: the question and the reply being written.
            compare(AppContext.chat.messages.rowCount(), 2)
            tryCompare(AppContext.chat, "streaming", false, 10000)
            compare(send.text, "Send")
        }

        function test_blankTextIsNotSent() {
            const item = createTemporaryObject(composer, root)
            item.focusInput()
            keyClick(Qt.Key_Space)
            keyClick(Qt.Key_Return)
            compare(AppContext.chat.messages.rowCount(), 0)
        }

        function test_draftIsKeptPerChat() {
            const item = createTemporaryObject(composer, root)
            const input = findNamed(item, "composerInput")
            item.focusInput()
            keyClick("d")
            compare(AppContext.chat.draft, "d")
            // Another component reading the same chat shows the same draft.
            const other = createTemporaryObject(composer, root)
            compare(findNamed(other, "composerInput").text, "d")
            input.text = ""
        }
    }
}
