// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import Confab
import QtQuick.Controls

// A date heading in the conversation list ("Today", "Previous 7 days", "Pinned"…).
PlainLabel {
    required property string section

    text: section
    topPadding: 12
    bottomPadding: 4
    leftPadding: 8
    font.pixelSize: 12
    font.weight: Font.DemiBold
    color: Theme.secondaryText
    Accessible.role: Accessible.Heading
    Accessible.name: section
}
