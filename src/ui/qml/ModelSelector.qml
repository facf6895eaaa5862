// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import Confab
import QtQuick.Controls

// The model the next message goes to: the server's models, and the current one even when the
// server has not listed it (yet). The names are the server's: shown as written.
PlainComboBox {
    id: root
    objectName: "modelSelector"

    // The server's models, the one chosen, and the server's name.
    required property var models
    required property string currentModel
    required property string serverName

    signal modelChosen(string model)
    // Opened while the server's list is empty: it may answer now.
    signal modelsWanted()

    readonly property var choices: {
        const models = root.models.slice()
        if (root.currentModel.length > 0 && models.indexOf(root.currentModel) < 0)
            models.unshift(root.currentModel)
        return models
    }

    model: choices
    currentIndex: choices.indexOf(root.currentModel)
    displayText: currentIndex >= 0 ? currentText : qsTr("No model")
    font.pixelSize: Theme.fontSizeSmall
    Accessible.name: qsTr("Model")
    PlainToolTip {
        visible: root.hovered
        delay: 700
        text: qsTr("The model on %1").arg(root.serverName)
    }
    onActivated: index => root.modelChosen(choices[index])
    onPressedChanged: if (pressed && root.models.length === 0) root.modelsWanted()
}
