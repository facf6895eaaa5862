// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import Confab
import QtQuick.Controls
import QtQuick.Layouts

// A pasted API key, checked with the server before it is kept (in the system keychain only),
// and what came of it: saved, or why not (a refused key, no network, a TLS problem).
ColumnLayout {
    id: root

    // The profile whose key this is.
    property string profile
    property bool keyRequired: true
    readonly property var providers: AppContext.providers
    property string status
    property bool statusOk: false

    spacing: 6

    RowLayout {
        Layout.fillWidth: true

        TextField {
            id: key

            objectName: "keyInput"
            Layout.fillWidth: true
            echoMode: TextInput.Password
            placeholderText: root.keyRequired ? qsTr("Paste the API key") : qsTr("API key (this server needs none)")
            Accessible.name: qsTr("API key for %1").arg(root.profile)
            onAccepted: save.clicked()
        }
        Button {
            id: save

            objectName: "saveKeyButton"
            text: root.providers && root.providers.checkingKey ? qsTr("Checking…") : qsTr("Check and save")
            enabled: root.providers && !root.providers.checkingKey && key.text.trim().length > 0
            Accessible.name: qsTr("Check the key with the server and save it")
            onClicked: {
                root.status = ""
                root.providers.checkAndSaveKey(root.profile, key.text)
            }
        }
    }
    PlainLabel {
        objectName: "keyStatus"
        Layout.fillWidth: true
        visible: root.status.length > 0
        text: root.status
        wrapMode: Text.Wrap
        color: root.statusOk ? Theme.secondaryText : Theme.error
        Accessible.role: Accessible.AlertMessage
        Accessible.name: text
    }
    PlainLabel {
        Layout.fillWidth: true
        visible: root.providers && !root.providers.keychainAvailable
        text: qsTr("No keychain can be reached: a key is kept only until Confab quits, never in a file. "
                   + "Install and unlock a Secret Service keyring (such as GNOME Keyring or KWallet) to keep it.")
        wrapMode: Text.Wrap
        font.pixelSize: 12
        color: Theme.secondaryText
    }

    Connections {
        target: root.providers
        function onKeyChecked(profile, ok, message) {
            if (profile.toLowerCase() !== root.profile.toLowerCase())
                return
            root.status = message
            root.statusOk = ok
            if (ok)
                key.clear()
        }
    }
}
