// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import Confab
import QtQuick.Controls
import QtQuick.Layouts

// The right-hand side: the storage's and the chat's problems, the messages and the composer.
Rectangle {
    id: root

    property bool sidebarVisible: true
    signal showSidebarRequested()

    function focusComposer() {
        composer.focusInput()
    }

    color: Theme.window

    ColumnLayout {
        anchors.fill: parent
        spacing: 0

        Banner {
            Layout.fillWidth: true
            text: AppContext.storageStatus
            visible: text.length > 0
            closable: false
        }
        // A damaged history was replaced: names the new and the damaged file until dismissed.
        Banner {
            Layout.fillWidth: true
            text: AppContext.recoveryNotice
            visible: text.length > 0
            onDismissed: AppContext.dismissRecoveryNotice()
        }
        Banner {
            id: errorBanner
            Layout.fillWidth: true
            visible: false
            error: true

            function show(message) {
                text = message
                visible = true
            }

            Connections {
                target: AppContext.chat
                function onError(message) {
                    errorBanner.show(message)
                }
            }
            Connections {
                target: AppContext.conversations
                function onError(message) {
                    errorBanner.show(message)
                }
            }
        }

        MessageView {
            id: messageView
            Layout.fillWidth: true
            Layout.fillHeight: true
            onEditRequested: (messageId, text) => composer.beginEdit(messageId, text)
        }

        Composer {
            id: composer
            Layout.fillWidth: true
            messages: AppContext.chat.messages
        }
    }

    ToolButton {
        x: 8
        y: 8
        visible: !root.sidebarVisible
        text: "\u00bb"
        font.pixelSize: 18
        Accessible.name: qsTr("Show the sidebar")
        ToolTip.visible: hovered
        ToolTip.delay: 700
        ToolTip.text: qsTr("Show the sidebar (Ctrl+Shift+S)")
        onClicked: root.showSidebarRequested()
    }

    Connections {
        target: AppContext.chat
        function onConversationIdChanged() {
            errorBanner.visible = false
            if (AppContext.chat.conversationId.length === 0)
                composer.focusInput()
        }
    }
}
