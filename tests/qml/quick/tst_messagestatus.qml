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
        name: "MessageStatus"
        when: windowShown

        Component {
            id: status
            MessageStatus {
                width: 600
            }
        }
        SignalSpy {
            id: retrySpy
            signalName: "retryRequested"
        }
        SignalSpy {
            id: continueSpy
            signalName: "continueRequested"
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
            const item = createTemporaryObject(status, root, Object.assign({
                status: "complete", errorText: "", saveState: "saved", finishReason: "stop", canContinue: true
            }, properties))
            verify(item)
            waitForRendering(item)
            return item
        }

        // A failed reply asks for a retry: the chat decides what that means.
        function test_failedReplyAsksForARetry() {
            const item = make({ status: "error", errorText: "The server is busy." })
            verify(item.visible)
            retrySpy.clear()
            retrySpy.target = item
            mouseClick(findNamed(item, "retryButton"))
            compare(retrySpy.count, 1)
        }

        function test_cutShortReplyAsksToContinueWhenItCan() {
            const item = make({ finishReason: "length", canContinue: false })
            verify(findNamed(item, "endedEarlyLabel").text.length > 0)
            const button = findNamed(item, "continueButton")
            verify(!button.enabled)
            item.canContinue = true
            verify(button.enabled)
            continueSpy.clear()
            continueSpy.target = item
            mouseClick(button)
            compare(continueSpy.count, 1)
        }

        function test_aCompleteReplyShowsNothing() {
            verify(!make({}).visible)
        }
    }
}
