// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "providerconfig.h"
#include "providerkind.h"

class ChatProvider;
class QNetworkAccessManager;
class QObject;

// Makes the provider that speaks `kind`'s wire format to `config`'s server. The caller (or
// `parent`) owns it; `network` must outlive it.
ChatProvider *createProvider(ProviderKind kind, QNetworkAccessManager *network, ProviderConfig config,
                             QObject *parent = nullptr);
