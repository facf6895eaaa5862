// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "storageerror.h"

// A value, or the error that kept it from being read.
template<typename T>
struct StorageResult
{
    T value{};
    StorageError error;

    bool ok() const { return !error.isError(); }
};
