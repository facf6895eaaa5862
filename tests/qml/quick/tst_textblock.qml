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

        // A formula as MarkdownRenderer marks it (MathMarkup): its source between two comments.
        function formula(tex, source) {
            return "<!--math I " + encodeURIComponent(tex).replace(/-/g, "%2D") + " "
                    + encodeURIComponent(source).replace(/-/g, "%2D") + "-->" + source + "<!--/math-->"
        }

        // The source shows until MathJax has typeset the formula; then it is an image, and copying
        // the text copies the formula's TeX.
        function test_aFormulaBecomesAnImageAndCopiesAsTeX() {
            const item = createTemporaryObject(block, root, {
                html: "<html><body><p>Euler: " + formula("e^{i\\pi}+1=0", "$e^{i\\pi}+1=0$") + " holds.</p></body></html>"
            })
            verify(item)
            tryVerify(() => item.text.indexOf("image://confabmath/") >= 0, 60000, "the formula became an image")
            const shown = item.getText(0, item.length)
            compare(shown, "Euler: \uFFFC holds.")
            item.selectAll()
            compare(item.selectedSource(), "Euler: $e^{i\\pi}+1=0$ holds.")
            compare(item.Accessible.name, "Euler: $e^{i\\pi}+1=0$ holds.")
            // Part of the text, from the formula on.
            item.select(7, item.length)
            compare(item.selectedSource(), "$e^{i\\pi}+1=0$ holds.")
            // Sized to the text: about as tall as a line, wider than a few letters.
            const image = item.positionToRectangle(7)
            const next = item.positionToRectangle(8)
            verify(next.x - image.x > 40, "the formula's width: " + (next.x - image.x))
        }

        function test_aFailedFormulaShowsItsSourceAndTheError() {
            const item = createTemporaryObject(block, root, {
                html: "<html><body><p>See " + formula("\\oops{x}", "\\(\\oops{x}\\)") + " here.</p></body></html>"
            })
            verify(item)
            tryVerify(() => item.text.indexOf("confab-math-error:") >= 0, 60000, "the formula failed")
            compare(item.getText(0, item.length), "See \\(\\oops{x}\\) here.")
            const tip = linkTarget(item)
            const source = item.positionToRectangle(6)
            mouseMove(item, source.x + 2, source.y + source.height / 2)
            tryCompare(tip, "visible", true)
            verify(tip.text.indexOf("Undefined control sequence \\oops") >= 0, tip.text)
        }
    }
}
