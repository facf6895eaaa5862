// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QLoggingCategory>

// confab.settings: profiles, the keychain, the model cache. Never a secret, at any level.
Q_DECLARE_LOGGING_CATEGORY(lcSettings)
