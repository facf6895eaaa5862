// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtTest
import Confab

Item {
    id: root

    width: 200
    height: 100

    TestCase {
        name: "StreamingIndicator"
        when: windowShown

        Component {
            id: indicator
            StreamingIndicator {}
        }

        // Every object below `object` (its items and the animations, timers… in its resources).
        function objectsBelow(object, found) {
            found.push(object)
            const below = (object.resources ? Array.from(object.resources) : []).concat(object.children ? Array.from(object.children) : [])
            for (const child of below) {
                if (found.indexOf(child) < 0)
                    objectsBelow(child, found)
            }
            return found
        }

        // While a reply is on its way the dots step a few times a second; no animation redraws
        // the window at every frame meanwhile.
        function test_stepsWithoutAnAnimation() {
            const item = createTemporaryObject(indicator, root, { running: true })
            verify(item)
            const objects = objectsBelow(item, [])
            const animations = objects.filter(o => o.loops !== undefined && o.running !== undefined)
            compare(animations.length, 0, "no Animation in the indicator")
            const timers = objects.filter(o => o.objectName === "stepTimer")
            compare(timers.length, 1)
            verify(timers[0].running)
            verify(timers[0].interval >= 200, "a few steps a second, not one a frame")

            const first = item.step
            tryVerify(() => item.step !== first)

            // Hidden or stopped, nothing runs at all.
            item.visible = false
            verify(!timers[0].running)
            item.visible = true
            item.running = false
            verify(!timers[0].running)
        }
    }
}
