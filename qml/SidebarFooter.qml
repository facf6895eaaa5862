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

    spacing: 2

    Switch {
        Layout.fillWidth: true
        text: qsTr("Show archived")
        checked: AppContext.conversations.showArchived
        Accessible.name: qsTr("Show archived conversations")
        onToggled: AppContext.conversations.showArchived = checked
    }

    RowLayout {
        Layout.fillWidth: true

        Label {
            text: qsTr("Theme")
            color: Theme.secondaryText
        }
        ComboBox {
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
