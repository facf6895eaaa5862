// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import Confab
import QtQuick.Controls
import QtQuick.Layouts

// What went wrong with a message, on the message: a failed or cut-short reply with Retry, a
// reply that ended early (its token limit, with Continue; the provider's filter; a tool call)
// and a message that is not saved yet.
ColumnLayout {
    id: root

    property string messageId
    property string status
    property string errorText
    property string saveState
    property string finishReason

    readonly property bool failed: status === "error" || status === "interrupted"
    // Complete, yet not the whole answer: why it ended, in words.
    readonly property string endedEarly: {
        if (status !== "complete")
            return ""
        if (finishReason === "length")
            return qsTr("Cut short: the reply reached its token limit.")
        if (finishReason === "content_filter")
            return qsTr("Stopped by the provider's content filter.")
        if (finishReason === "tool_calls")
            return qsTr("The model asked to use a tool, which Confab does not offer yet: the reply ends here.")
        return ""
    }

    spacing: 4
    visible: failed || endedEarly.length > 0 || status === "stopped" || saveState === "notSaved"

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

    RowLayout {
        Layout.fillWidth: true
        visible: root.endedEarly.length > 0
        spacing: 8

        PlainLabel {
            objectName: "endedEarlyLabel"
            Layout.fillWidth: true
            wrapMode: Text.Wrap
            text: root.endedEarly
            font.pixelSize: 12
            color: Theme.secondaryText
        }
        Button {
            visible: root.finishReason === "length"
            enabled: !AppContext.chat.streaming && AppContext.canSend
            text: qsTr("Continue")
            objectName: "continueButton"
            Accessible.name: qsTr("Continue this reply")
            onClicked: AppContext.chat.continueReply(root.messageId)
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
