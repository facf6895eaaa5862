// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import Confab
import QtQuick.Controls
import QtQuick.Layouts

// This conversation's instructions and sampling: the system prompt, temperature, top_p, the
// most tokens a reply may take (empty: the server's default) and how hard a reasoning model
// thinks. Also saves them, with the model and a greeting, as an assistant to start new chats from.
Popup {
    id: root

    // A number field's value, or NaN when it is empty.
    function numberOf(text) {
        const trimmed = text.trim()
        return trimmed.length === 0 ? NaN : Number(trimmed)
    }
    function load() {
        const parameters = AppContext.chat.parameters
        systemPrompt.text = parameters.systemPrompt
        temperature.text = parameters.hasTemperature ? String(parameters.temperature) : ""
        topP.text = parameters.hasTopP ? String(parameters.topP) : ""
        maxTokens.text = parameters.hasMaxTokens ? String(parameters.maxTokens) : ""
        reasoningEffort.currentIndex = Math.max(0, reasoningEffort.indexOfValue(parameters.reasoningEffort))
        problem.text = ""
    }
    function apply() {
        const values = [numberOf(temperature.text), numberOf(topP.text), numberOf(maxTokens.text)]
        if ((temperature.text.trim().length > 0 && isNaN(values[0]))
                || (topP.text.trim().length > 0 && isNaN(values[1]))
                || (maxTokens.text.trim().length > 0 && isNaN(values[2]))) {
            problem.text = qsTr("Temperature, top_p and max tokens are numbers, or empty for the server's default.")
            return false
        }
        const parameters = AppContext.chat.parameters
        parameters.systemPrompt = systemPrompt.text
        parameters.temperature = values[0]
        parameters.topP = values[1]
        parameters.maxTokens = isNaN(values[2]) ? 0 : Math.round(values[2])
        parameters.reasoningEffort = reasoningEffort.currentValue
        AppContext.chat.parameters = parameters
        return true
    }

    anchors.centerIn: Overlay.overlay
    width: Math.min(Theme.dialogWidth, parent ? parent.width - Theme.gutter : Theme.dialogWidth)
    modal: true
    focus: true
    padding: Theme.dialogPadding
    onAboutToShow: load()

    background: Rectangle {
        radius: Theme.radius
        color: Theme.window
        border.color: Theme.border
    }

    Connections {
        target: AppContext.chat
        function onError(message) {
            if (root.opened)
                problem.text = message
        }
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: Theme.spacing

        PlainLabel {
            text: qsTr("This chat")
            font.pixelSize: Theme.fontSizeTitle
            font.weight: Font.DemiBold
            color: Theme.text
        }
        PlainLabel {
            text: qsTr("Instructions (system prompt)")
            color: Theme.secondaryText
        }
        Rectangle {
            Layout.fillWidth: true
            Layout.preferredHeight: Theme.systemPromptHeight
            radius: Theme.radiusSmall
            color: Theme.inputBackground
            border.color: systemPrompt.activeFocus ? Theme.accent : Theme.border

            ScrollView {
                anchors.fill: parent
                anchors.margins: 1
                TextArea {
                    id: systemPrompt
                    objectName: "systemPromptInput"
                    textFormat: TextEdit.PlainText
                    wrapMode: TextArea.Wrap
                    background: null
                    placeholderText: qsTr("For example: Answer briefly, in plain English.")
                    Accessible.name: qsTr("System prompt")
                }
            }
        }
        GridLayout {
            Layout.fillWidth: true
            columns: 3
            columnSpacing: Theme.margin
            PlainLabel {
                text: qsTr("Temperature")
                color: Theme.secondaryText
            }
            PlainLabel {
                text: qsTr("Top p")
                color: Theme.secondaryText
            }
            PlainLabel {
                text: qsTr("Max tokens")
                color: Theme.secondaryText
            }
            TextField {
                id: temperature
                objectName: "temperatureInput"
                Layout.fillWidth: true
                placeholderText: qsTr("default")
                inputMethodHints: Qt.ImhFormattedNumbersOnly
                Accessible.name: qsTr("Temperature, 0 to 2")
            }
            TextField {
                id: topP
                Layout.fillWidth: true
                placeholderText: qsTr("default")
                inputMethodHints: Qt.ImhFormattedNumbersOnly
                Accessible.name: qsTr("Top p, 0 to 1")
            }
            TextField {
                id: maxTokens
                Layout.fillWidth: true
                placeholderText: qsTr("default")
                inputMethodHints: Qt.ImhDigitsOnly
                Accessible.name: qsTr("Most tokens in a reply")
            }
        }
        RowLayout {
            Layout.fillWidth: true
            spacing: Theme.margin
            PlainLabel {
                text: qsTr("Reasoning effort")
                color: Theme.secondaryText
            }
            // "" leaves it to the server; a model that does not think ignores it.
            PlainComboBox {
                id: reasoningEffort
                objectName: "reasoningEffortBox"
                Layout.fillWidth: true
                textRole: "text"
                valueRole: "value"
                model: [
                    { value: "", text: qsTr("Server default") },
                    { value: "off", text: qsTr("Off") },
                    { value: "low", text: qsTr("Low") },
                    { value: "medium", text: qsTr("Medium") },
                    { value: "high", text: qsTr("High") },
                ]
                Accessible.name: qsTr("Reasoning effort, for models that think before they answer")
            }
        }
        PlainLabel {
            id: problem
            Layout.fillWidth: true
            visible: text.length > 0
            wrapMode: Text.Wrap
            color: Theme.error
            Accessible.role: Accessible.AlertMessage
            Accessible.name: text
        }
        RowLayout {
            Layout.fillWidth: true
            Item {
                Layout.fillWidth: true
            }
            Button {
                text: qsTr("Cancel")
                flat: true
                Accessible.name: qsTr("Cancel, keeping this chat's settings")
                onClicked: root.close()
            }
            Button {
                objectName: "applyChatSettings"
                text: qsTr("Apply")
                highlighted: true
                Accessible.name: qsTr("Apply to this chat")
                onClicked: if (root.apply()) root.close()
            }
        }

        MenuSeparator {
            Layout.fillWidth: true
        }
        PlainLabel {
            text: qsTr("Save as an assistant, to start new chats from")
            color: Theme.text
            font.weight: Font.DemiBold
        }
        RowLayout {
            Layout.fillWidth: true
            TextField {
                id: assistantName
                objectName: "assistantNameInput"
                Layout.fillWidth: true
                Layout.preferredWidth: Theme.assistantNameWidth
                placeholderText: qsTr("Name")
                Accessible.name: qsTr("The assistant's name")
            }
            TextField {
                id: greeting
                objectName: "assistantGreetingInput"
                Layout.fillWidth: true
                Layout.preferredWidth: Theme.assistantGreetingWidth
                placeholderText: qsTr("Greeting (optional)")
                Accessible.name: qsTr("The assistant's greeting, shown first in its chats")
            }
            Button {
                objectName: "saveAssistantButton"
                text: qsTr("Save")
                Accessible.name: qsTr("Save as an assistant")
                onClicked: {
                    problem.text = ""
                    const values = {
                        name: assistantName.text, systemPrompt: systemPrompt.text, model: AppContext.currentModel,
                        temperature: temperature.text, topP: topP.text, maxTokens: maxTokens.text, greeting: greeting.text,
                    }
                    const error = AppContext.assistants.add(values)
                    if (error.length > 0) {
                        problem.text = error
                    } else {
                        assistantName.clear()
                        greeting.clear()
                    }
                }
            }
        }
    }
}
