// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtTest
import Confab

Item {
    id: root

    width: 600
    height: 400

    ListModel {
        id: blocks
    }

    TestCase {
        name: "AssistantContent"
        when: windowShown

        Component {
            id: content
            AssistantContent {
                width: 560
                streaming: false
            }
        }

        function initTestCase() {
            for (let i = 0; i < 120; ++i) {
                const code = i % 10 === 9
                const words = "Paragraph " + i + " says a little more than one line would hold in this column of text, so it wraps."
                blocks.append({
                    kind: code ? "code" : "text",
                    markdown: code ? "```\nx = " + i + "\n```" : words,
                    html: code ? "" : "<p>" + words + "</p>",
                    code: code ? "x = " + i : "",
                    language: code ? "python" : "",
                    closed: true
                })
            }
        }

        function blockItems(item) {
            return Array.from(item.children).filter(child => child.objectName === "markdownBlock")
        }

        // Not in a view (a test, a dialog): every block is shown.
        function test_everyBlockOutsideAView() {
            const item = createTemporaryObject(content, root, { blocks: blocks })
            const items = blockItems(item)
            compare(items.length, 120)
            verify(items.every(block => block.loaded))
        }

        // In a view, only the blocks near what it shows are in the scene; the others keep their
        // place (their height when last shown) so that the reply does not jump.
        function test_onlyTheBlocksNearTheViewAreInTheScene() {
            const item = createTemporaryObject(content, root, { blocks: blocks, viewTop: 0, viewBottom: 400 })
            const items = blockItems(item)
            compare(items.length, 120)
            verify(items[0].loaded)
            verify(!items[119].loaded)
            const loadedAtTop = items.filter(block => block.loaded).length
            verify(loadedAtTop < 60, loadedAtTop + " blocks in the scene")
            const fifth = items[5].height
            verify(fifth > 0)

            // To the end: the last blocks come in, the first leave and keep their height.
            tryVerify(() => {
                item.viewTop = item.height - 400
                item.viewBottom = item.height
                return items[119].loaded
            })
            verify(!items[0].loaded)
            verify(!items[5].loaded)
            compare(items[5].height, fifth)
            verify(items.filter(block => block.loaded).length < 60)

            // And back: the first blocks are shown again, at the same height.
            item.viewTop = 0
            item.viewBottom = 400
            verify(items[5].loaded)
            compare(items[5].height, fifth)
            verify(!items[119].loaded)
        }
    }
}
