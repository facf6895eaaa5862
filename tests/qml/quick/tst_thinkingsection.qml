// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtTest
import Confab

Item {
    id: root

    width: 600
    height: 200

    TestCase {
        id: testCase
        name: "ThinkingSection"
        when: windowShown

        Component {
            id: section
            ThinkingSection {
                width: 600
            }
        }
        SignalSpy {
            id: toggleSpy
            signalName: "toggleRequested"
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

        function make(properties) {
            const item = createTemporaryObject(section, root, Object.assign({
                blocks: null, thinking: false, thinkingSince: undefined, thinkingMs: undefined, open: false
            }, properties))
            verify(item)
            waitForRendering(item)
            toggleSpy.clear()
            toggleSpy.target = item
            return item
        }

        // How long it thought, said as a person would.
        function test_durationsInWords_data() {
            return [
                { tag: "a moment", ms: 420, title: "Thought for a moment" },
                { tag: "seconds", ms: 12400, title: "Thought for 12 s" },
                { tag: "a minute and more", ms: 65200, title: "Thought for 1 min 5 s" },
                { tag: "unknown", ms: undefined, title: "Thought" },
            ]
        }
        function test_durationsInWords(data) {
            const item = make({ thinkingMs: data.ms })
            compare(findNamed(item, "thinkingTitle").text, data.title)
            verify(!findNamed(item, "thinkingTimer").visible)
            verify(!findNamed(item, "thinkingBody").visible)
        }

        // While it thinks: "Thinking…" and a timer counting from when it began.
        function test_timerRunsWhileThinking() {
            const item = make({ thinking: true, thinkingSince: new Date(Date.now() - 65000), open: true })
            compare(findNamed(item, "thinkingTitle").text, "Thinking…")
            const timer = findNamed(item, "thinkingTimer")
            verify(timer.visible)
            tryCompare(timer, "text", "1 min 5 s")
            tryCompare(timer, "text", "1 min 6 s", 3000)
            verify(findNamed(item, "thinkingBody").visible)
            item.thinking = false
            item.thinkingMs = 66000
            compare(findNamed(item, "thinkingTitle").text, "Thought for 1 min 6 s")
            verify(!findNamed(item, "thinkingTimer").visible)
        }

        // A click, Enter or Space asks for the other state; the view decides and says so.
        function test_clickAndKeysAskToToggle() {
            const item = make({ thinkingMs: 3000 })
            const header = findNamed(item, "thinkingHeader")
            compare(header.Accessible.role, Accessible.Button)
            verify(header.Accessible.checkable)
            verify(!header.Accessible.checked)
            mouseClick(header)
            compare(toggleSpy.count, 1)
            verify(!findNamed(item, "thinkingBody").visible) // until told
            item.open = true
            verify(findNamed(item, "thinkingBody").visible)
            verify(header.Accessible.checked)
            header.forceActiveFocus()
            keyClick(Qt.Key_Space)
            keyClick(Qt.Key_Return)
            keyClick(Qt.Key_Enter)
            compare(toggleSpy.count, 4)
        }
    }
}
