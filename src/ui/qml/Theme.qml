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
    // Where the user types (the composer, a chat's instructions), and Fusion's palette roles.
    readonly property color inputBackground: dark ? "#25262a" : "#ffffff"
    readonly property color alternateBase: dark ? "#2a2b30" : "#f6f6f8"
    readonly property color button: dark ? "#2b2c31" : "#f4f4f6"
    readonly property color brightText: "#ffffff"
    readonly property color highlightedText: "#ffffff"
    readonly property color toolTipBackground: dark ? "#2b2c31" : "#ffffee"
    readonly property color light: dark ? "#3a3b41" : "#ffffff"
    readonly property color midlight: dark ? "#323338" : "#e6e6ea"
    readonly property color mid: dark ? "#26272b" : "#c8c8ce"
    readonly property color darkShade: dark ? "#111214" : "#a0a0a8"
    readonly property color shadow: dark ? "#000000" : "#707078"
    // Code's colours by highlight.js scope, from its GitHub themes (styles/github.css and
    // github-dark.css), which suit the code backgrounds above. A run takes the colour of its
    // innermost scope listed here ("meta string" is a string), "title.function" that of "title".
    readonly property var syntaxColours: dark ? syntaxDark : syntaxLight
    readonly property var syntaxBackgrounds: dark ? ({ "addition": "#033a16", "deletion": "#67060c" })
                                                  : ({ "addition": "#f0fff4", "deletion": "#ffeef0" })
    readonly property var syntaxLight: ({
        "keyword": "#d73a49", "doctag": "#d73a49", "template-tag": "#d73a49",
        "template-variable": "#d73a49", "type": "#d73a49", "variable.language": "#d73a49",
        "title": "#6f42c1",
        "attr": "#005cc5", "attribute": "#005cc5", "literal": "#005cc5", "meta": "#005cc5",
        "number": "#005cc5", "operator": "#005cc5", "variable": "#005cc5", "selector-attr": "#005cc5",
        "selector-class": "#005cc5", "selector-id": "#005cc5",
        "regexp": "#032f62", "string": "#032f62",
        "built_in": "#e36209", "symbol": "#e36209",
        "comment": "#6a737d", "code": "#6a737d", "formula": "#6a737d",
        "name": "#22863a", "quote": "#22863a", "selector-tag": "#22863a", "selector-pseudo": "#22863a",
        "subst": text, "section": "#005cc5", "bullet": "#735c0f", "emphasis": text, "strong": text,
        "addition": "#22863a", "deletion": "#b31d28"
    })
    readonly property var syntaxDark: ({
        "keyword": "#ff7b72", "doctag": "#ff7b72", "template-tag": "#ff7b72",
        "template-variable": "#ff7b72", "type": "#ff7b72", "variable.language": "#ff7b72",
        "title": "#d2a8ff",
        "attr": "#79c0ff", "attribute": "#79c0ff", "literal": "#79c0ff", "meta": "#79c0ff",
        "number": "#79c0ff", "operator": "#79c0ff", "variable": "#79c0ff", "selector-attr": "#79c0ff",
        "selector-class": "#79c0ff", "selector-id": "#79c0ff",
        "regexp": "#a5d6ff", "string": "#a5d6ff",
        "built_in": "#ffa657", "symbol": "#ffa657",
        "comment": "#8b949e", "code": "#8b949e", "formula": "#8b949e",
        "name": "#7ee787", "quote": "#7ee787", "selector-tag": "#7ee787", "selector-pseudo": "#7ee787",
        "subst": text, "section": "#1f6feb", "bullet": "#f2cc60", "emphasis": text, "strong": text,
        "addition": "#aff5b4", "deletion": "#ffdcd7"
    })
    // The undo bar is dark in both themes.
    readonly property color undoBackground: dark ? "#2d2e33" : "#323238"
    readonly property color undoText: "#ffffff"
    readonly property color undoAction: "#8ab4ff"

    readonly property int radius: 10
    readonly property int radiusMedium: 6
    readonly property int radiusSmall: 4

    readonly property int spacingTiny: 2
    readonly property int spacingSmall: 4
    readonly property int spacingMedium: 6
    readonly property int spacing: 8
    readonly property int spacingLarge: 10
    readonly property int margin: 12
    readonly property int marginLarge: 16
    readonly property int dialogPadding: 20

    readonly property int fontSizeHint: 11
    readonly property int fontSizeSmall: 12
    readonly property int fontSizeCode: 13
    readonly property int fontSizeBody: 15
    readonly property int fontSizeIcon: 16
    readonly property int fontSizeIconLarge: 18
    readonly property int fontSizeTitle: 20
    readonly property int fontSizeHero: 28

    readonly property int windowWidth: 1100
    readonly property int windowHeight: 720
    readonly property int windowMinimumWidth: 480
    readonly property int windowMinimumHeight: 360
    readonly property int sidebarMinimumWidth: 200
    readonly property int sidebarMaximumWidth: 480
    readonly property int contentMaxWidth: 820
    // Around a message's column, and between a dialog and the window's edges.
    readonly property int gutter: 48
    readonly property int dialogWidth: 560
    readonly property int settingsWidth: 640
    readonly property int settingsMaximumHeight: 720
    readonly property int composerMaximumHeight: 220
    readonly property int modelSelectorWidth: 240
    readonly property int systemPromptHeight: 110
    readonly property int assistantNameWidth: 140
    readonly property int assistantGreetingWidth: 260
    readonly property int codeHeaderHeight: 32
    readonly property int smallButtonWidth: 28
    readonly property int smallButtonHeight: 24
    readonly property int bubblePaddingHorizontal: 14
    readonly property int bubblePaddingVertical: 9
    readonly property int streamingDotSize: 8
    readonly property int streamingDotSpacing: 5
    readonly property int streamingIndicatorHeight: 16
    readonly property int toolTipOffset: 20
    // A reply's thinking: the rule on its left, and how far its text is muted.
    readonly property int thinkingRuleWidth: 2
    readonly property real thinkingOpacity: 0.72
    // How far beyond the visible messages the list keeps delegates made.
    readonly property int messageCacheBuffer: 800
    readonly property string monospaceFamily: Qt.platform.os === "windows" ? "Consolas"
                                             : Qt.platform.os === "osx" ? "Menlo" : "monospace"
}
