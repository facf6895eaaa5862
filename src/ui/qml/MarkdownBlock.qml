// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import Confab

// One block of a reply: rendered text, or a fenced code block.
Loader {
    id: root

    required property string kind
    required property string html
    required property string code
    required property string language
    required property bool closed

    sourceComponent: kind === "code" ? codeComponent : textComponent

    Component {
        id: textComponent
        TextBlock {
            width: root.width
            html: root.html
        }
    }
    Component {
        id: codeComponent
        CodeBlock {
            width: root.width
            code: root.code
            language: root.language
            closed: root.closed
        }
    }
}
