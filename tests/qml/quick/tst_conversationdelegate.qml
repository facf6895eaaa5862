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
        name: "ConversationDelegate"
        when: windowShown

        Component {
            id: delegate
            ConversationDelegate {
                width: 280
            }
        }
        SignalSpy {
            id: renameSpy
            signalName: "renameRequested"
        }
        SignalSpy {
            id: openSpy
            signalName: "openRequested"
        }

        function make() {
            const item = createTemporaryObject(delegate, root, {
                model: { id: "c1" }, title: "Otters", pinned: false, archived: false, pendingTitle: false,
                currentConversationId: "c1"
            })
            verify(item)
            waitForRendering(item)
            return item
        }

        function test_clickAsksToOpen() {
            const item = make()
            verify(item.highlighted)
            openSpy.clear()
            openSpy.target = item
            mouseClick(item, 40, item.height / 2)
            compare(openSpy.count, 1)
            compare(openSpy.signalArguments[0][0], "c1")
        }

        // F2 renames in place: Enter asks for the new title, Esc keeps the old one.
        function test_renamesInPlace() {
            const item = make()
            renameSpy.clear()
            renameSpy.target = item
            item.forceActiveFocus()
            keyClick(Qt.Key_F2)
            verify(item.renaming)
            keyClick(Qt.Key_A, Qt.ControlModifier)
            keyClick("S")
            keyClick("e")
            keyClick("a")
            keyClick(Qt.Key_Escape)
            verify(!item.renaming)
            compare(renameSpy.count, 0)

            item.forceActiveFocus()
            keyClick(Qt.Key_F2)
            keyClick(Qt.Key_A, Qt.ControlModifier)
            keyClick("S")
            keyClick("e")
            keyClick("a")
            keyClick(Qt.Key_Return)
            compare(renameSpy.count, 1)
            compare(renameSpy.signalArguments[0][0], "c1")
            compare(renameSpy.signalArguments[0][1], "Sea")
        }
    }
}
