// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import Confab
import QtQuick.Controls

// A date heading in the conversation list ("Today", "Previous 7 days", "Pinned"…).
PlainLabel {
    required property string section

    text: section
    topPadding: Theme.margin
    bottomPadding: Theme.spacingSmall
    leftPadding: Theme.spacing
    font.pixelSize: Theme.fontSizeSmall
    font.weight: Font.DemiBold
    color: Theme.secondaryText
    Accessible.role: Accessible.Heading
    Accessible.name: section
}
