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
        name: "BranchSwitcher"
        when: windowShown

        Component {
            id: switcher
            BranchSwitcher {}
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

        function test_labelAndLimits_data() {
            return [
                { tag: "first of three", index: 0, count: 3, label: "1/3", previous: false, next: true },
                { tag: "middle", index: 1, count: 3, label: "2/3", previous: true, next: true },
                { tag: "last", index: 2, count: 3, label: "3/3", previous: true, next: false },
            ]
        }
        function test_labelAndLimits(data) {
            const item = createTemporaryObject(switcher, root, { index: data.index, count: data.count, busy: false })
            verify(item)
            compare(findNamed(item, "versionLabel").text, data.label)
            compare(findNamed(item, "versionLabel").Accessible.name,
                    "Version " + (data.index + 1) + " of " + data.count)
            compare(findNamed(item, "previousVersionButton").enabled, data.previous)
            compare(findNamed(item, "nextVersionButton").enabled, data.next)
        }

        SignalSpy {
            id: switchSpy
            signalName: "switchRequested"
        }

        // It only says which way: the chat moves between the versions.
        function test_saysWhichWay() {
            const item = createTemporaryObject(switcher, root, { index: 1, count: 3, busy: false })
            switchSpy.clear()
            switchSpy.target = item
            waitForRendering(item)
            mouseClick(findNamed(item, "nextVersionButton"))
            mouseClick(findNamed(item, "previousVersionButton"))
            compare(switchSpy.count, 2)
            compare(switchSpy.signalArguments[0][0], 1)
            compare(switchSpy.signalArguments[1][0], -1)
        }

        function test_staysPutWhileAReplyStreams() {
            const item = createTemporaryObject(switcher, root, { index: 1, count: 3, busy: true })
            verify(!findNamed(item, "previousVersionButton").enabled)
            verify(!findNamed(item, "nextVersionButton").enabled)
        }
    }
}
