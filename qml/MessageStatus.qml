// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import Confab
import QtQuick.Controls
import QtQuick.Layouts

// What went wrong with a message, on the message: a failed or cut-short reply with Retry, and
// a message that is not saved yet.
ColumnLayout {
    id: root

    property string messageId
    property string status
    property string errorText
    property string saveState

    readonly property bool failed: status === "error" || status === "interrupted"

    spacing: 4
    visible: failed || status === "stopped" || saveState === "notSaved"

    Rectangle {
        Layout.fillWidth: true
        visible: root.failed
        implicitHeight: errorRow.implicitHeight + 12
        radius: 6
        color: Theme.errorBackground
        Accessible.role: Accessible.AlertMessage
        Accessible.name: errorLabel.text

        RowLayout {
            id: errorRow
            anchors.fill: parent
            anchors.leftMargin: 12
            anchors.rightMargin: 6

            PlainLabel {
                id: errorLabel
                Layout.fillWidth: true
                wrapMode: Text.Wrap
                color: Theme.error
                text: root.errorText.length > 0 ? root.errorText
                      : root.status === "interrupted" ? qsTr("The reply was cut short.")
                                                      : qsTr("The reply failed.")
            }
            Button {
                text: qsTr("Retry")
                objectName: "retryButton"
                Accessible.name: qsTr("Retry this reply")
                onClicked: AppContext.chat.retry(root.messageId)
            }
        }
    }

    PlainLabel {
        visible: root.status === "stopped"
        text: qsTr("Stopped")
        font.pixelSize: 12
        color: Theme.secondaryText
    }

    PlainLabel {
        visible: root.saveState === "notSaved"
        text: qsTr("Not saved yet: Confab keeps trying.")
        font.pixelSize: 12
        color: Theme.error
    }
}
