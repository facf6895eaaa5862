// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import Confab
import QtQuick.Controls
import QtQuick.Layouts

// Where the user writes. Enter sends, Shift+Enter starts a new line, Esc stops a reply (or
// cancels an edit), Up in an empty box edits the last question. Says why when nothing can be sent.
Rectangle {
    id: root

    // The conversation's messages, for Up (edit the last question).
    property var messages: null
    // The question being edited and resent, if any.
    property string editingMessageId: ""

    readonly property bool streaming: AppContext.chat.streaming
    readonly property bool canSubmit: AppContext.canSend && !streaming && input.text.trim().length > 0

    function focusInput() {
        input.forceActiveFocus()
    }
    function beginEdit(messageId, text) {
        editingMessageId = messageId
        input.text = text
        input.cursorPosition = input.length
        focusInput()
    }
    function cancelEdit() {
        editingMessageId = ""
        input.text = AppContext.chat.draft
    }
    function submit() {
        if (!canSubmit)
            return
        const text = input.text.trim()
        // Refused (the reason shows as an error): the text stays to be sent again.
        const sent = editingMessageId.length > 0 ? AppContext.chat.editAndResend(editingMessageId, text)
                                                 : AppContext.chat.send(text)
        if (!sent)
            return
        editingMessageId = ""
        input.clear()
    }
    function editLastQuestion() {
        if (!messages)
            return
        for (let row = messages.rowCount() - 1; row >= 0; --row) {
            const message = ItemModels.row(messages, row)
            if (message.role === "user") {
                beginEdit(message.messageId, message.content)
                return
            }
        }
    }

    implicitHeight: column.implicitHeight + Theme.marginLarge

    // Loaded and made when first opened, by its URL: its type is not read before then.
    Loader {
        id: chatSettings
        active: false
        source: Qt.resolvedUrl("ChatSettingsDialog.qml")
        onLoaded: item.parent = Overlay.overlay
        function open() {
            active = true
            item.open()
        }
    }
    Connections {
        target: chatSettings.item
        function onClosed() { root.focusInput() }
    }
    color: Theme.window

    ColumnLayout {
        id: column

        width: Math.min(parent.width - Theme.marginLarge * 2, Theme.contentMaxWidth)
        anchors.horizontalCenter: parent.horizontalCenter
        anchors.top: parent.top
        anchors.topMargin: Theme.spacingSmall
        spacing: Theme.spacingMedium

        PlainLabel {
            Layout.fillWidth: true
            visible: !AppContext.canSend
            text: AppContext.cannotSendReason
            wrapMode: Text.Wrap
            color: Theme.error
            Accessible.role: Accessible.AlertMessage
            Accessible.name: text
        }

        RowLayout {
            Layout.fillWidth: true
            visible: root.editingMessageId.length > 0

            PlainLabel {
                Layout.fillWidth: true
                text: qsTr("Editing your message: sending makes a new version of the conversation from here.")
                wrapMode: Text.Wrap
                font.pixelSize: Theme.fontSizeSmall
                color: Theme.secondaryText
            }
            Button {
                text: qsTr("Cancel")
                flat: true
                Accessible.name: qsTr("Cancel editing")
                onClicked: root.cancelEdit()
            }
        }

        Rectangle {
            Layout.fillWidth: true
            implicitHeight: inputRow.implicitHeight + Theme.margin
            radius: Theme.radius * 1.6
            color: Theme.inputBackground
            border.color: input.activeFocus ? Theme.accent : Theme.border

            RowLayout {
                id: inputRow

                anchors.fill: parent
                anchors.margins: Theme.spacingMedium
                anchors.leftMargin: Theme.margin
                spacing: Theme.spacingMedium

                ScrollView {
                    id: inputScroll

                    Layout.fillWidth: true
                    Layout.preferredHeight: Math.min(input.implicitHeight, Theme.composerMaximumHeight)
                    ScrollBar.horizontal.policy: ScrollBar.AlwaysOff

                    TextArea {
                        id: input

                        objectName: "composerInput"
                        textFormat: TextEdit.PlainText
                        placeholderText: root.editingMessageId.length > 0 ? qsTr("Edit your message")
                                                                          : qsTr("Message Confab")
                        wrapMode: TextArea.Wrap
                        selectByMouse: true
                        font.pixelSize: Theme.fontSizeBody
                        background: null
                        padding: Theme.spacingSmall
                        Accessible.name: qsTr("Message")
                        Accessible.description: qsTr("Enter sends, Shift+Enter starts a new line")

                        onTextChanged: {
                            if (root.editingMessageId.length === 0 && AppContext.chat.draft !== text)
                                AppContext.chat.draft = text
                        }
                        Keys.onPressed: event => root.handleKey(event)
                    }
                }

                Button {
                    Layout.alignment: Qt.AlignBottom
                    objectName: "sendButton"
                    text: root.streaming ? qsTr("Stop") : qsTr("Send")
                    enabled: root.streaming || root.canSubmit
                    highlighted: !root.streaming
                    Accessible.name: root.streaming ? qsTr("Stop the reply") : qsTr("Send the message")
                    ToolTip.visible: hovered
                    ToolTip.delay: 700
                    ToolTip.text: root.streaming ? qsTr("Esc") : qsTr("Enter")
                    onClicked: root.streaming ? AppContext.chat.stop() : root.submit()
                }
            }
        }

        RowLayout {
            Layout.fillWidth: true

            ModelSelector {
                Layout.preferredWidth: Theme.modelSelectorWidth
                models: AppContext.models
                currentModel: AppContext.currentModel
                serverName: AppContext.serverName
                onModelChosen: model => AppContext.currentModel = model
                onModelsWanted: AppContext.refreshModels()
            }
            ToolButton {
                objectName: "chatSettingsButton"
                text: qsTr("Chat settings")
                font.pixelSize: Theme.fontSizeSmall
                Accessible.name: qsTr("This chat's instructions and sampling")
                onClicked: chatSettings.open()
            }
            AssistantsMenu {
                assistants: AppContext.assistants
                onAssistantChosen: name => {
                    AppContext.chat.startFromAssistant(name)
                    root.focusInput()
                }
            }
            Item {
                Layout.fillWidth: true
            }
            PlainLabel {
                text: qsTr("Enter to send \u00b7 Shift+Enter for a new line")
                font.pixelSize: Theme.fontSizeHint
                color: Theme.secondaryText
            }
        }
    }

    function handleKey(event) {
        const enter = event.key === Qt.Key_Return || event.key === Qt.Key_Enter
        if (enter && !(event.modifiers & Qt.ShiftModifier)) {
            submit()
            event.accepted = true
        } else if (event.key === Qt.Key_Escape) {
            if (streaming)
                AppContext.chat.stop()
            else if (editingMessageId.length > 0)
                cancelEdit()
            event.accepted = true
        } else if (event.key === Qt.Key_Up && input.length === 0 && !streaming) {
            editLastQuestion()
            event.accepted = true
        }
    }

    Connections {
        target: AppContext.chat
        function onDraftChanged() {
            if (root.editingMessageId.length === 0 && input.text !== AppContext.chat.draft)
                input.text = AppContext.chat.draft
        }
        function onConversationIdChanged() {
            root.editingMessageId = ""
        }
    }

    Component.onCompleted: input.text = AppContext.chat.draft
}
