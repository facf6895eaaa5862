// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import Confab
import QtQuick.Controls

ApplicationWindow {
    id: window

    width: Theme.windowWidth
    height: Theme.windowHeight
    minimumWidth: Theme.windowMinimumWidth
    minimumHeight: Theme.windowMinimumHeight
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
    palette.base: Theme.inputBackground
    palette.alternateBase: Theme.alternateBase
    palette.text: Theme.text
    palette.button: Theme.button
    palette.buttonText: Theme.text
    palette.brightText: Theme.brightText
    palette.highlight: Theme.accent
    palette.highlightedText: Theme.highlightedText
    palette.placeholderText: Theme.secondaryText
    palette.toolTipBase: Theme.toolTipBackground
    palette.toolTipText: Theme.text
    palette.link: Theme.link
    palette.light: Theme.light
    palette.midlight: Theme.midlight
    palette.mid: Theme.mid
    palette.dark: Theme.darkShade
    palette.shadow: Theme.shadow

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
        onActivated: window.openSettings()
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
            SplitView.minimumWidth: Theme.sidebarMinimumWidth
            SplitView.maximumWidth: Theme.sidebarMaximumWidth
            onWidthChanged: if (visible && width > 0) preferredWidth = width
            themeMode: window.themeMode
            onThemeModeSelected: mode => window.themeMode = mode
            onNewChatRequested: window.newChat()
            onCollapseRequested: visible = false
            onSettingsRequested: window.openSettings()
        }

        ChatPane {
            id: chatPane
            SplitView.fillWidth: true
            sidebarVisible: sidebar.visible
            onShowSidebarRequested: sidebar.visible = true
        }
    }

    // The dialogs are loaded and made when first wanted, not at start-up, where nothing shows
    // them: by their URL, so that not even their types are read before then.
    function openSettings() {
        settingsLoader.active = true
        settingsLoader.item.open()
    }
    Loader {
        id: settingsLoader
        active: false
        source: Qt.resolvedUrl("SettingsDialog.qml")
        onLoaded: item.parent = Overlay.overlay // sized to the window, not to this empty item
    }
    Loader {
        id: firstRunLoader
        active: AppContext.providers !== null && AppContext.providers.firstRun
        source: Qt.resolvedUrl("FirstRunDialog.qml")
        onLoaded: item.parent = Overlay.overlay
    }
    Connections {
        target: settingsLoader.item
        function onClosed() { chatPane.focusComposer() }
    }
    Connections {
        target: firstRunLoader.item
        function onClosed() { chatPane.focusComposer() }
    }

    Component.onCompleted: {
        restoreGeometry()
        chatPane.focusComposer()
    }
}
