// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import Confab
import QtQuick.Controls
import Qt.labs.settings

ApplicationWindow {
    id: window

    width: 1100
    height: 720
    minimumWidth: 480
    minimumHeight: 360
    visible: true
    title: qsTr("Confab")
    color: Theme.window

    // The user's choice: "system", "light" or "dark".
    property string themeMode: "system"
    readonly property bool systemIsDark: systemPalette.window.hslLightness < 0.5

    Settings {
        category: "window"
        property alias x: window.x
        property alias y: window.y
        property alias width: window.width
        property alias height: window.height
        property alias sidebarWidth: sidebar.preferredWidth
        property alias sidebarVisible: sidebar.visible
        property alias theme: window.themeMode
    }

    SystemPalette {
        id: systemPalette
    }

    Binding {
        target: Theme
        property: "dark"
        value: window.themeMode === "dark" || (window.themeMode === "system" && window.systemIsDark)
    }

    // Fusion draws the controls from the palette: give it the theme's colours.
    palette.window: Theme.window
    palette.windowText: Theme.text
    palette.base: Theme.dark ? "#25262a" : "#ffffff"
    palette.alternateBase: Theme.dark ? "#2a2b30" : "#f6f6f8"
    palette.text: Theme.text
    palette.button: Theme.dark ? "#2b2c31" : "#f4f4f6"
    palette.buttonText: Theme.text
    palette.brightText: "#ffffff"
    palette.highlight: Theme.accent
    palette.highlightedText: "#ffffff"
    palette.placeholderText: Theme.secondaryText
    palette.toolTipBase: Theme.dark ? "#2b2c31" : "#ffffee"
    palette.toolTipText: Theme.text
    palette.link: Theme.link
    palette.light: Theme.dark ? "#3a3b41" : "#ffffff"
    palette.midlight: Theme.dark ? "#323338" : "#e6e6ea"
    palette.mid: Theme.dark ? "#26272b" : "#c8c8ce"
    palette.dark: Theme.dark ? "#111214" : "#a0a0a8"
    palette.shadow: Theme.dark ? "#000000" : "#707078"

    Shortcut {
        sequence: "Ctrl+N"
        context: Qt.ApplicationShortcut
        onActivated: window.newChat()
    }
    Shortcut {
        sequence: "Ctrl+K"
        context: Qt.ApplicationShortcut
        onActivated: {
            sidebar.visible = true
            sidebar.focusSearch()
        }
    }
    Shortcut {
        sequence: "Ctrl+Shift+S"
        context: Qt.ApplicationShortcut
        onActivated: sidebar.visible = !sidebar.visible
    }
    Shortcut {
        sequence: "Ctrl+Shift+C"
        context: Qt.ApplicationShortcut
        onActivated: AppContext.chat.copyLastReply()
    }

    Shortcut {
        sequence: "Ctrl+Q"
        context: Qt.ApplicationShortcut
        onActivated: Qt.quit()
    }

    function newChat() {
        AppContext.chat.newChat()
        chatPane.focusComposer()
    }

    SplitView {
        anchors.fill: parent
        orientation: Qt.Horizontal

        Sidebar {
            id: sidebar

            property real preferredWidth: 280
            SplitView.preferredWidth: preferredWidth
            SplitView.minimumWidth: 200
            SplitView.maximumWidth: 480
            onWidthChanged: if (visible && width > 0) preferredWidth = width
            themeMode: window.themeMode
            onThemeModeSelected: mode => window.themeMode = mode
            onNewChatRequested: window.newChat()
            onCollapseRequested: visible = false
        }

        ChatPane {
            id: chatPane
            SplitView.fillWidth: true
            sidebarVisible: sidebar.visible
            onShowSidebarRequested: sidebar.visible = true
        }
    }

    Component.onCompleted: chatPane.focusComposer()
}
