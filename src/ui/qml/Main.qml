// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import Confab
import QtQuick.Controls

ApplicationWindow {
    id: window

    width: 1100
    height: 720
    minimumWidth: 480
    minimumHeight: 360
    visible: true
    title: qsTr("Confab")
    color: Theme.window

    // The user's choice: "system", "light" or "dark", kept in AppContext.window with the
    // window's place and the sidebar's width.
    property string themeMode: AppContext.window.theme
    readonly property bool systemIsDark: systemPalette.window.hslLightness < 0.5

    onThemeModeChanged: AppContext.window.theme = themeMode
    // Written once the window has settled, not at every pixel of a drag.
    onXChanged: geometrySaver.restart()
    onYChanged: geometrySaver.restart()
    onWidthChanged: geometrySaver.restart()
    onHeightChanged: geometrySaver.restart()
    Timer {
        id: geometrySaver
        interval: 500
        onTriggered: {
            if (window.visibility === Window.Windowed)
                AppContext.window.saveGeometry(window.x, window.y, window.width, window.height)
        }
    }
    function restoreGeometry() {
        const saved = AppContext.window
        if (saved.width <= 0 || saved.height <= 0)
            return
        // Only where a screen still is: a monitor may have been unplugged since.
        const screens = Qt.application.screens
        for (let i = 0; i < screens.length; ++i) {
            const screen = screens[i]
            if (saved.x + 40 < screen.virtualX + screen.width && saved.x + saved.width - 40 > screen.virtualX
                    && saved.y >= screen.virtualY - 10 && saved.y + 40 < screen.virtualY + screen.height) {
                window.x = saved.x
                window.y = saved.y
                break
            }
        }
        window.width = Math.max(minimumWidth, saved.width)
        window.height = Math.max(minimumHeight, saved.height)
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
        // Cmd+, on macOS, where Qt reads Ctrl as Cmd.
        sequence: "Ctrl+,"
        context: Qt.ApplicationShortcut
        onActivated: settingsDialog.open()
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

            property real preferredWidth: AppContext.window.sidebarWidth
            visible: AppContext.window.sidebarVisible
            onVisibleChanged: AppContext.window.sidebarVisible = visible
            onPreferredWidthChanged: AppContext.window.sidebarWidth = Math.round(preferredWidth)
            SplitView.preferredWidth: preferredWidth
            SplitView.minimumWidth: 200
            SplitView.maximumWidth: 480
            onWidthChanged: if (visible && width > 0) preferredWidth = width
            themeMode: window.themeMode
            onThemeModeSelected: mode => window.themeMode = mode
            onNewChatRequested: window.newChat()
            onCollapseRequested: visible = false
            onSettingsRequested: settingsDialog.open()
        }

        ChatPane {
            id: chatPane
            SplitView.fillWidth: true
            sidebarVisible: sidebar.visible
            onShowSidebarRequested: sidebar.visible = true
        }
    }

    SettingsDialog {
        id: settingsDialog
        onClosed: chatPane.focusComposer()
    }
    FirstRunDialog {
        onClosed: chatPane.focusComposer()
    }

    Component.onCompleted: {
        restoreGeometry()
        chatPane.focusComposer()
    }
}
