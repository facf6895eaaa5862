// SPDX-License-Identifier: GPL-3.0-or-later
#include "conversationparameters.h"

#include <QCoreApplication>

#include <cmath>
#include <limits>

namespace {
std::optional<double> fromNaN(double value)
{
    return std::isnan(value) ? std::nullopt : std::optional<double>(value);
}
} // namespace

ConversationParameters ConversationParameters::fromRecord(const ConversationRecord &record)
{
    ConversationParameters parameters;
    parameters.profile = record.providerProfile;
    parameters.model = record.model;
    parameters.systemPrompt = record.systemPrompt;
    parameters.temperature = record.temperature;
    parameters.topP = record.topP;
    parameters.maxTokens = record.maxTokens;
    parameters.reasoningEffort = record.reasoningEffort;
    return parameters;
}

void ConversationParameters::applyTo(ConversationRecord &record) const
{
    record.providerProfile = profile;
    record.model = model;
    record.systemPrompt = systemPrompt;
    record.temperature = temperature;
    record.topP = topP;
    record.maxTokens = maxTokens;
    record.reasoningEffort = reasoningEffort;
}

QString ConversationParameters::validate() const
{
    if (temperature && !(*temperature >= 0.0 && *temperature <= maxTemperature))
        return QCoreApplication::translate("ConversationParameters",
                                           "The temperature must be between 0 and 2 (or left unset).");
    if (topP && !(*topP >= 0.0 && *topP <= 1.0))
        return QCoreApplication::translate("ConversationParameters",
                                           "Top P must be between 0 and 1 (or left unset).");
    if (maxTokens && *maxTokens <= 0)
        return QCoreApplication::translate(
            "ConversationParameters", "The maximum number of tokens must be at least 1 (or left unset).");
    return {};
}

double ConversationParameters::temperatureOrNaN() const
{
    return temperature.value_or(std::numeric_limits<double>::quiet_NaN());
}

void ConversationParameters::setTemperatureOrNaN(double value)
{
    temperature = fromNaN(value);
}

double ConversationParameters::topPOrNaN() const
{
    return topP.value_or(std::numeric_limits<double>::quiet_NaN());
}

void ConversationParameters::setTopPOrNaN(double value)
{
    topP = fromNaN(value);
}

void ConversationParameters::setMaxTokensOrZero(int value)
{
    maxTokens = value > 0 ? std::optional<int>(value) : std::nullopt;
}

QString ConversationParameters::reasoningEffortName() const
{
    return reasoningEffort ? ReasoningEffortName::of(*reasoningEffort) : QString();
}

void ConversationParameters::setReasoningEffortName(const QString &name)
{
    reasoningEffort = ReasoningEffortName::parse(name);
}
