// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import Confab
import QtQuick.Controls
import QtQuick.Layouts

// The settings: which provider profile the window talks to, each profile's server, default
// model and key, new profiles from presets, and the model that names conversations.
Popup {
    id: root

    objectName: "settings"
    readonly property var providers: AppContext.providers
    readonly property var profiles: providers ? providers.profiles : []
    readonly property int currentIndex: {
        for (let i = 0; i < profiles.length; ++i) {
            if (providers && profiles[i].name.toLowerCase() === providers.currentProfile.toLowerCase())
                return i
        }
        return 0
    }
    readonly property var current: profiles.length > 0 ? profiles[currentIndex] : null

    anchors.centerIn: Overlay.overlay
    width: Math.min(640, parent ? parent.width - 48 : 640)
    height: Math.min(implicitHeight, parent ? parent.height - 48 : 720)
    modal: true
    focus: true
    padding: 20

    background: Rectangle {
        radius: Theme.radius
        color: Theme.window
        border.color: Theme.border
    }

    ScrollView {
        id: scroller

        anchors.fill: parent
        clip: true
        contentWidth: availableWidth
        ScrollBar.horizontal.policy: ScrollBar.AlwaysOff

        ColumnLayout {
            width: scroller.availableWidth
            spacing: 10

            RowLayout {
                Layout.fillWidth: true
                PlainLabel {
                    Layout.fillWidth: true
                    text: qsTr("Settings")
                    font.pixelSize: 20
                    font.weight: Font.DemiBold
                    color: Theme.text
                }
                ToolButton {
                    text: "\u2715"
                    Accessible.name: qsTr("Close the settings")
                    onClicked: root.close()
                }
            }

            PlainLabel {
                visible: root.providers === null
                text: qsTr("The provider was given on the command line for this run.")
                color: Theme.secondaryText
            }

            GridLayout {
                Layout.fillWidth: true
                visible: root.current !== null
                columns: 2
                columnSpacing: 12
                rowSpacing: 8

                PlainLabel {
                    text: qsTr("Provider")
                    color: Theme.secondaryText
                }
                PlainComboBox {
                    objectName: "profileBox"
                    Layout.fillWidth: true
                    model: root.profiles.map(profile => profile.name + " \u2014 " + profile.kindName)
                    currentIndex: root.currentIndex
                    Accessible.name: qsTr("Provider profile")
                    onActivated: index => {
                        const error = root.providers.setCurrentProfile(root.profiles[index].name)
                        profileError.text = error
                    }
                }

                PlainLabel {
                    text: qsTr("Server")
                    color: Theme.secondaryText
                }
                TextField {
                    id: urlField
                    objectName: "profileUrl"
                    Layout.fillWidth: true
                    text: root.current ? root.current.baseUrl : ""
                    Accessible.name: qsTr("The server's API base URL")
                }

                PlainLabel {
                    text: qsTr("Default model")
                    color: Theme.secondaryText
                }
                TextField {
                    id: modelField
                    objectName: "profileModel"
                    Layout.fillWidth: true
                    text: root.current ? root.current.defaultModel : ""
                    placeholderText: qsTr("The one used last, or the server's first")
                    Accessible.name: qsTr("Default model")
                }
            }
            RowLayout {
                Layout.fillWidth: true
                visible: root.current !== null
                PlainLabel {
                    id: profileError
                    Layout.fillWidth: true
                    wrapMode: Text.Wrap
                    color: Theme.error
                }
                Button {
                    text: qsTr("Remove profile")
                    flat: true
                    visible: root.current !== null && !root.current.builtin
                    Accessible.name: qsTr("Remove this profile and its key")
                    onClicked: profileError.text = root.providers.removeProfile(root.current.name)
                }
                Button {
                    text: qsTr("Save")
                    Accessible.name: qsTr("Save the server and model")
                    onClicked: profileError.text = root.providers.updateProfile(root.current.name, urlField.text,
                                                                                modelField.text)
                }
            }

            PlainLabel {
                visible: root.current !== null
                text: qsTr("API key")
                font.weight: Font.DemiBold
                color: Theme.text
            }
            KeyField {
                Layout.fillWidth: true
                visible: root.current !== null
                profile: root.current ? root.current.name : ""
                keyRequired: root.current ? root.current.keyRequired : true
            }

            MenuSeparator {
                Layout.fillWidth: true
            }
            PlainLabel {
                text: qsTr("Add a provider")
                font.weight: Font.DemiBold
                color: Theme.text
                visible: root.providers !== null
            }
            GridLayout {
                Layout.fillWidth: true
                visible: root.providers !== null
                columns: 2
                columnSpacing: 12
                rowSpacing: 8

                PlainLabel {
                    text: qsTr("Kind")
                    color: Theme.secondaryText
                }
                PlainComboBox {
                    id: presetBox
                    readonly property var presets: root.providers ? root.providers.presets : []
                    Layout.fillWidth: true
                    model: presets.map(preset => preset.name)
                    Accessible.name: qsTr("Kind of server")
                }
                PlainLabel {
                    text: qsTr("Name")
                    color: Theme.secondaryText
                }
                TextField {
                    id: newName
                    Layout.fillWidth: true
                    placeholderText: presetBox.presets.length > 0 ? presetBox.presets[presetBox.currentIndex].id : ""
                    Accessible.name: qsTr("The new profile's name")
                }
                PlainLabel {
                    text: qsTr("Server")
                    color: Theme.secondaryText
                }
                TextField {
                    id: newUrl
                    Layout.fillWidth: true
                    placeholderText: presetBox.presets.length > 0 ? presetBox.presets[presetBox.currentIndex].baseUrl
                                                                  : ""
                    Accessible.name: qsTr("The new profile's server URL")
                }
            }
            RowLayout {
                Layout.fillWidth: true
                visible: root.providers !== null
                PlainLabel {
                    id: addError
                    Layout.fillWidth: true
                    wrapMode: Text.Wrap
                    color: Theme.error
                }
                Button {
                    text: qsTr("Add")
                    Accessible.name: qsTr("Add the provider profile")
                    onClicked: {
                        const preset = presetBox.presets[presetBox.currentIndex]
                        const name = newName.text.trim().length > 0 ? newName.text.trim() : preset.id
                        addError.text = root.providers.addProfile(preset.id, name, newUrl.text, "")
                        if (addError.text.length === 0) {
                            addError.text = root.providers.setCurrentProfile(name)
                            newName.clear()
                            newUrl.clear()
                        }
                    }
                }
            }

            MenuSeparator {
                Layout.fillWidth: true
            }
            PlainLabel {
                text: qsTr("Conversation titles")
                font.weight: Font.DemiBold
                color: Theme.text
            }
            RowLayout {
                Layout.fillWidth: true
                PlainLabel {
                    text: qsTr("Model")
                    color: Theme.secondaryText
                }
                TextField {
                    Layout.fillWidth: true
                    text: AppContext.titleModel
                    placeholderText: qsTr("The conversation's own model")
                    Accessible.name: qsTr("The model that names new conversations")
                    onEditingFinished: AppContext.titleModel = text
                }
            }
        }
    }
}
