// SPDX-License-Identifier: GPL-3.0-or-later
#include "reasoningeffort.h"

#include <array>
#include <utility>

namespace {

constexpr std::array<std::pair<ReasoningEffort, const char16_t *>, 4> names{{
    {ReasoningEffort::Off, u"off"},
    {ReasoningEffort::Low, u"low"},
    {ReasoningEffort::Medium, u"medium"},
    {ReasoningEffort::High, u"high"},
}};

} // namespace

QString ReasoningEffortName::of(ReasoningEffort effort)
{
    for (const auto &[candidate, name] : names) {
        if (candidate == effort)
            return QString::fromUtf16(name);
    }
    return {};
}

std::optional<ReasoningEffort> ReasoningEffortName::parse(QStringView name)
{
    for (const auto &[effort, candidate] : names) {
        if (name.compare(QStringView(candidate), Qt::CaseInsensitive) == 0)
            return effort;
    }
    return std::nullopt;
}
