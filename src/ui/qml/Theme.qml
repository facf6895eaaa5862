// SPDX-License-Identifier: GPL-3.0-or-later
pragma Singleton
import QtQuick

// The window's colours and sizes. `dark` is set by Main.qml from the system palette or the
// user's choice; everything else follows from it.
QtObject {
    property bool dark: false

    readonly property color window: dark ? "#1e1f22" : "#ffffff"
    readonly property color sidebar: dark ? "#17181a" : "#f4f4f6"
    readonly property color text: dark ? "#e6e6e8" : "#1d1d1f"
    readonly property color secondaryText: dark ? "#a0a0a8" : "#6b6b73"
    readonly property color border: dark ? "#34353a" : "#dcdce0"
    readonly property color userBubble: dark ? "#2f3340" : "#ececf1"
    readonly property color codeBackground: dark ? "#141517" : "#f6f8fa"
    readonly property color codeHeader: dark ? "#26272b" : "#e9ebef"
    readonly property color selection: dark ? "#2c4a7a" : "#d6e4ff"
    readonly property color hover: dark ? "#2a2b30" : "#e8e8ec"
    readonly property color accent: dark ? "#6ea8ff" : "#2563eb"
    readonly property color link: dark ? "#8ab4ff" : "#1a56db"
    readonly property color error: dark ? "#ff8a80" : "#b3261e"
    readonly property color errorBackground: dark ? "#3a1f1f" : "#fdecea"
    readonly property color warningBackground: dark ? "#3a3320" : "#fff4d6"

    readonly property int radius: 10
    readonly property int spacing: 8
    readonly property int contentMaxWidth: 820
    readonly property string monospaceFamily: Qt.platform.os === "windows" ? "Consolas"
                                             : Qt.platform.os === "osx" ? "Menlo" : "monospace"
}
