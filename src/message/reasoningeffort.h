// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QStringView>

#include <optional>

// How hard a conversation asks its model to think. Unset (std::nullopt) leaves it to the
// server; Off asks for no thinking where the API can say so.
enum class ReasoningEffort { Off, Low, Medium, High };

namespace ReasoningEffortName {
// "off", "low", "medium", "high": the names settings, the database and the CLI use.
QString of(ReasoningEffort effort);
std::optional<ReasoningEffort> parse(QStringView name);
} // namespace ReasoningEffortName
