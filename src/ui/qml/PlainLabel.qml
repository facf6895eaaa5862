// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtQuick.Controls

// The window's Label: its text is shown as written, never read as HTML. A Label's default
// (Text.AutoText) renders anything that looks like markup, and an <img src> in a title, an
// error or a model name would make Qt fetch its URL. Rich text is only ever TextBlock's,
// rendered from sanitised markdown.
Label {
    textFormat: Text.PlainText
}
