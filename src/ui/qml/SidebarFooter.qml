// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import Confab
import QtQuick.Controls
import QtQuick.Layouts

// The archived view's switch and the theme.
ColumnLayout {
    id: root

    property string themeMode: "system"
    signal themeModeSelected(string mode)
    signal settingsRequested()

    spacing: 2

    Button {
        objectName: "settingsButton"
        Layout.fillWidth: true
        text: qsTr("Settings")
        flat: true
        Accessible.name: qsTr("Open the settings (Ctrl+,)")
        onClicked: root.settingsRequested()
    }
    Switch {
        Layout.fillWidth: true
        text: qsTr("Show archived")
        checked: AppContext.conversations.showArchived
        Accessible.name: qsTr("Show archived conversations")
        onToggled: AppContext.conversations.showArchived = checked
    }

    RowLayout {
        Layout.fillWidth: true

        PlainLabel {
            text: qsTr("Theme")
            color: Theme.secondaryText
        }
        PlainComboBox {
            id: themeBox

            readonly property var modes: ["system", "light", "dark"]

            Layout.fillWidth: true
            model: [qsTr("Follow the system"), qsTr("Light"), qsTr("Dark")]
            currentIndex: Math.max(0, modes.indexOf(root.themeMode))
            Accessible.name: qsTr("Theme")
            onActivated: index => root.themeModeSelected(modes[index])
        }
    }
}
