// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtTest
import Confab

Item {
    id: root

    width: 600
    height: 100

    TestCase {
        id: testCase
        name: "MessageActions"
        when: windowShown

        Component {
            id: actions
            MessageActions {}
        }
        SignalSpy {
            id: regenerateSpy
            signalName: "regenerateRequested"
        }
        SignalSpy {
            id: editSpy
            signalName: "editRequested"
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
            const item = createTemporaryObject(actions, root, Object.assign({
                fromUser: false, content: "A reply", busy: false, failed: false, branchIndex: 0,
                branchCount: 1, chatBusy: false, canSend: true
            }, properties))
            verify(item)
            waitForRendering(item)
            return item
        }

        function test_aReplyAsksToBeRegenerated() {
            const item = make({})
            const regenerate = findNamed(item, "regenerateButton")
            verify(regenerate.visible && regenerate.enabled)
            verify(!findNamed(item, "editButton").visible)
            regenerateSpy.clear()
            regenerateSpy.target = item
            mouseClick(regenerate)
            compare(regenerateSpy.count, 1)
        }

        function test_nothingChangesWhileAReplyStreams() {
            verify(!findNamed(make({ chatBusy: true }), "regenerateButton").enabled)
            verify(!findNamed(make({ fromUser: true, chatBusy: true }), "editButton").enabled)
        }

        function test_aQuestionAsksToBeEdited() {
            const item = make({ fromUser: true })
            verify(!findNamed(item, "regenerateButton").visible)
            editSpy.clear()
            editSpy.target = item
            mouseClick(findNamed(item, "editButton"))
            compare(editSpy.count, 1)
        }
    }
}
