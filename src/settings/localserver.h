// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QStringList>
#include <QUrl>

// A server on this machine that may be running, and what it answered when probed.
struct LocalServer
{
    QString presetId;    // ProfilePreset::id, e.g. "ollama"
    QString displayName; // "Ollama"
    QUrl baseUrl;        // e.g. http://localhost:11434/v1
    QStringList models;  // as listed by GET <baseUrl>/models (filled when it answered)
};
