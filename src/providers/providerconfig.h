// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "retrypolicy.h"

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>
#include <QUrl>

#include <chrono>

// Where and how to reach one provider's server. The key is held only in memory.
struct ProviderConfig
{
    QUrl baseUrl;          // e.g. https://api.openai.com/v1 (no trailing slash needed)
    QString apiKey;        // may be empty for local servers
    QString organization;  // OpenAI-Organization, optional
    QString project;       // OpenAI-Project, optional
    QList<QPair<QByteArray, QByteArray>> extraHeaders;
    std::chrono::milliseconds idleTimeout{60000}; // no bytes for this long fails the request
    // A reply (text or refusal) longer than this, in UTF-8 bytes, is cut off there and fails:
    // a server that never stops must not fill the memory and the history.
    qint64 maxReplyBytes = 16 * 1024 * 1024;
    RetryPolicy retry;
};
