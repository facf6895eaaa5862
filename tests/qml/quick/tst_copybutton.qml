// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtTest
import Confab

Item {
    id: root

    width: 300
    height: 100

    TestCase {
        id: testCase
        name: "CopyButton"
        when: windowShown

        Component {
            id: button
            CopyButton {}
        }

        function test_copiesAndSaysSoForAMoment() {
            const item = createTemporaryObject(button, root, { textToCopy: "print(\"hi\")" })
            verify(item)
            compare(item.text, "Copy")
            waitForRendering(item)
            mouseClick(item)
            compare(item.text, "Copied")
            tryVerify(() => Clipboard.text() === "print(\"hi\")", 5000, "the clipboard holds the text")
            tryCompare(item, "text", "Copy", 5000)
        }
    }
}
