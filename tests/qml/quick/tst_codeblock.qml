// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtTest
import Confab

Item {
    id: root

    width: 400
    height: 300

    TestCase {
        id: testCase
        name: "CodeBlock"
        when: windowShown

        Component {
            id: block
            CodeBlock {
                width: 400
                closed: true
            }
        }

        function texts(item, found) {
            if (item.text !== undefined && typeof item.text === "string")
                found.push(item.text)
            for (let i = 0; i < item.children.length; ++i)
                texts(item.children[i], found)
            return found
        }

        function test_namesItsLanguage_data() {
            return [
                { tag: "python", language: "python", shown: "python" },
                { tag: "no language", language: "", shown: "code" },
            ]
        }
        function test_namesItsLanguage(data) {
            const item = createTemporaryObject(block, root, { code: "x = 1\n", language: data.language })
            verify(item)
            const shown = texts(item, [])
            verify(shown.indexOf(data.shown) >= 0, shown.join(" | "))
            verify(shown.indexOf("x = 1\n") >= 0, shown.join(" | "))
        }

        function test_longLinesScrollInsteadOfWrapping() {
            const longLine = "a".repeat(400)
            const item = createTemporaryObject(block, root, { code: longLine, language: "text" })
            const shortLine = createTemporaryObject(block, root, { code: "a", language: "text" })
            // One line either way: the long one is as tall as the short one plus its scroll bar at most.
            verify(item.implicitHeight - shortLine.implicitHeight < 24)
        }
    }
}
