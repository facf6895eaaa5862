// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtTest
import Confab

Item {
    id: root

    width: 500
    height: 300

    TestCase {
        id: testCase
        name: "TextBlock"
        when: windowShown

        Component {
            id: block
            TextBlock {
                width: 480
            }
        }

        function linkTarget(item) {
            for (let i = 0; i < item.data.length; ++i) {
                if (item.data[i].objectName === "linkTarget")
                    return item.data[i]
            }
            return null
        }

        // A link's text may name another address than the one it opens: hovering it shows
        // where it really goes, as written, before any click.
        function test_hoveredLinkShowsItsTarget() {
            const target = "https://evil.example/login?next=bank"
            const item = createTemporaryObject(block, root, {
                html: "<html><body><p>See <a href=\"" + target + "\">https://bank.example/</a> now.</p></body></html>"
            })
            verify(item)
            const tip = linkTarget(item)
            verify(tip, "the link's tooltip")
            verify(!tip.visible)

            const link = item.positionToRectangle(8) // inside "https://bank.example/"
            mouseMove(item, link.x + 2, link.y + link.height / 2)
            tryCompare(item, "hoveredLink", target)
            tryCompare(tip, "visible", true)
            compare(tip.text, target)
            compare(tip.contentItem.textFormat, Text.PlainText)

            const plain = item.positionToRectangle(1) // "See"
            mouseMove(item, plain.x + 2, plain.y + plain.height / 2)
            tryCompare(item, "hoveredLink", "")
            tryCompare(tip, "visible", false)
        }
    }
}
