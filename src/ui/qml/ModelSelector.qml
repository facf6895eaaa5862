// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import Confab
import QtQuick.Controls

// The model the next message goes to: the server's models, and the current one even when the
// server has not listed it (yet). The names are the server's: shown as written.
PlainComboBox {
    id: root
    objectName: "modelSelector"

    readonly property var choices: {
        const models = AppContext.models.slice()
        if (AppContext.currentModel.length > 0 && models.indexOf(AppContext.currentModel) < 0)
            models.unshift(AppContext.currentModel)
        return models
    }

    model: choices
    currentIndex: choices.indexOf(AppContext.currentModel)
    displayText: currentIndex >= 0 ? currentText : qsTr("No model")
    font.pixelSize: 12
    Accessible.name: qsTr("Model")
    PlainToolTip {
        visible: root.hovered
        delay: 700
        text: qsTr("The model on %1").arg(AppContext.serverName)
    }
    onActivated: index => AppContext.currentModel = choices[index]
    onPressedChanged: if (pressed && AppContext.models.length === 0) AppContext.refreshModels()
}
