// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import Confab
import QtQuick.Controls

// Starts a new chat from an assistant: its instructions, model, sampling and greeting.
ToolButton {
    id: root

    required property AssistantListModel assistants

    // The user chose the assistant named `name` to start a chat from.
    signal assistantChosen(string name)

    objectName: "assistantsButton"
    text: qsTr("Assistants")
    visible: assistants.count > 0
    font.pixelSize: Theme.fontSizeSmall
    Accessible.name: qsTr("Start a chat with an assistant")
    onClicked: menu.open()

    Menu {
        id: menu
        objectName: "assistantsMenu"
        y: root.height

        Instantiator {
            model: root.assistants
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
                onTriggered: root.assistantChosen(name)
            }
            onObjectAdded: (index, object) => menu.insertItem(index, object)
            onObjectRemoved: (index, object) => menu.removeItem(object)
        }
    }
}
