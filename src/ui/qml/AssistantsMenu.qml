// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import Confab
import QtQuick.Controls

// Starts a new chat from an assistant: its instructions, model, sampling and greeting.
ToolButton {
    id: root

    signal started()

    objectName: "assistantsButton"
    text: qsTr("Assistants")
    visible: AppContext.assistants.count > 0
    font.pixelSize: 12
    Accessible.name: qsTr("Start a chat with an assistant")
    onClicked: menu.open()

    Menu {
        id: menu
        objectName: "assistantsMenu"
        y: root.height

        Instantiator {
            model: AppContext.assistants
            delegate: PlainMenuItem {
                id: assistantItem
                required property string name
                required property string systemPrompt
                objectName: "assistant:" + name
                text: name
                PlainToolTip {
                    visible: assistantItem.hovered && assistantItem.systemPrompt.length > 0
                    delay: 600
                    text: assistantItem.systemPrompt
                }
                onTriggered: {
                    AppContext.chat.startFromAssistant(name)
                    root.started()
                }
            }
            onObjectAdded: (index, object) => menu.insertItem(index, object)
            onObjectRemoved: (index, object) => menu.removeItem(object)
        }
    }
}
