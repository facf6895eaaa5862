// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import Confab
import QtQuick.Controls
import QtQuick.Layouts

// Shown while nothing is set up: a model running on this computer that answers (Ollama,
// LM Studio), or a key for a hosted provider, checked before it is kept.
Popup {
    id: root

    objectName: "firstRun"
    readonly property var providers: AppContext.providers
    // The hosted providers a key can be pasted for, as presets.
    readonly property var hosted: [
        { preset: "openai", name: "OpenAI" },
        { preset: "anthropic", name: "Anthropic" },
        { preset: "gemini", name: "Google Gemini" },
        { preset: "openrouter", name: "OpenRouter" },
    ]
    property string keyProfile: "openai"

    function useLocal(server) {
        let error = providers.addProfile(server.presetId, server.presetId, server.baseUrl,
                                         server.models.length > 0 ? server.models[0] : "")
        error = providers.setCurrentProfile(server.presetId)
        if (error.length > 0) {
            localError.text = error
            return
        }
        providers.finishFirstRun()
    }
    function chooseHosted(index) {
        const preset = hosted[index].preset
        if (preset !== "openai")
            providers.addProfile(preset, preset, "", "") // already there: kept as it is
        const error = providers.setCurrentProfile(preset)
        if (error.length > 0)
            localError.text = error
        keyProfile = preset
    }

    anchors.centerIn: Overlay.overlay
    width: Math.min(560, parent ? parent.width - 48 : 560)
    modal: true
    focus: true
    closePolicy: Popup.CloseOnEscape
    padding: 24
    visible: providers !== null && providers.firstRun
    onOpened: providers.detectLocalServers()
    onClosed: if (providers && providers.firstRun) providers.finishFirstRun()

    background: Rectangle {
        radius: Theme.radius
        color: Theme.window
        border.color: Theme.border
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: 12

        PlainLabel {
            text: qsTr("Set up Confab")
            font.pixelSize: 20
            font.weight: Font.DemiBold
            color: Theme.text
        }
        PlainLabel {
            Layout.fillWidth: true
            text: qsTr("Confab talks to a model on this computer, or to a provider with your own API key. "
                       + "Keys are kept in your system's keychain, never in a file.")
            wrapMode: Text.Wrap
            color: Theme.secondaryText
        }

        PlainLabel {
            text: root.providers && root.providers.detecting ? qsTr("Looking for models on this computer…")
                  : root.providers && root.providers.localServers.length > 0 ? qsTr("Found on this computer")
                  : qsTr("No local server answered (Ollama, LM Studio).")
            color: Theme.text
            font.weight: Font.DemiBold
        }
        Repeater {
            model: root.providers ? root.providers.localServers : []
            delegate: Button {
                id: useButton
                required property var modelData
                objectName: "useLocalServer"
                Layout.fillWidth: true
                text: qsTr("Use %1 (%n model(s))", "", modelData.models.length).arg(modelData.name)
                // The server's name, shown as written (the style's button text renders HTML).
                contentItem: PlainLabel {
                    text: useButton.text
                    font: useButton.font
                    color: useButton.palette.buttonText
                    horizontalAlignment: Text.AlignHCenter
                    verticalAlignment: Text.AlignVCenter
                    elide: Text.ElideRight
                }
                Accessible.name: qsTr("Use %1 at %2").arg(modelData.name).arg(modelData.baseUrl)
                onClicked: root.useLocal(modelData)
            }
        }
        PlainLabel {
            id: localError
            Layout.fillWidth: true
            visible: text.length > 0
            wrapMode: Text.Wrap
            color: Theme.error
        }

        PlainLabel {
            text: qsTr("Or use a provider's API key")
            color: Theme.text
            font.weight: Font.DemiBold
        }
        PlainComboBox {
            id: hostedBox
            Layout.fillWidth: true
            model: root.hosted.map(provider => provider.name)
            Accessible.name: qsTr("Provider")
            onActivated: index => root.chooseHosted(index)
        }
        KeyField {
            Layout.fillWidth: true
            profile: root.keyProfile
        }

        RowLayout {
            Layout.fillWidth: true
            Item {
                Layout.fillWidth: true
            }
            Button {
                objectName: "firstRunLater"
                text: qsTr("Later")
                flat: true
                Accessible.name: qsTr("Set up later, in Settings")
                onClicked: root.providers.finishFirstRun()
            }
        }
    }
}
