// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "conversationrecord.h"

#include <QMetaType>
#include <QObject>
#include <QString>

#include <optional>

// What a conversation asks its model with: the provider profile, the model, the system prompt
// and the sampling parameters. A value type for QML (`chat.parameters`): an unset temperature
// or top_p is NaN (isNaN() in QML; assign NaN to unset), an unset max tokens is 0; unset
// leaves the choice to the server. The has… properties say the same for bindings.
class ConversationParameters
{
    Q_GADGET
    Q_PROPERTY(QString profile MEMBER profile)
    Q_PROPERTY(QString model MEMBER model)
    Q_PROPERTY(QString systemPrompt MEMBER systemPrompt)
    Q_PROPERTY(double temperature READ temperatureOrNaN WRITE setTemperatureOrNaN)
    Q_PROPERTY(double topP READ topPOrNaN WRITE setTopPOrNaN)
    Q_PROPERTY(int maxTokens READ maxTokensOrZero WRITE setMaxTokensOrZero)
    // "" (the server's default), "off", "low", "medium", "high"
    Q_PROPERTY(QString reasoningEffort READ reasoningEffortName WRITE setReasoningEffortName)
    Q_PROPERTY(bool hasTemperature READ hasTemperature)
    Q_PROPERTY(bool hasTopP READ hasTopP)
    Q_PROPERTY(bool hasMaxTokens READ hasMaxTokens)

public:
    static constexpr double maxTemperature = 2.0;

    QString profile;
    QString model;
    QString systemPrompt;
    std::optional<double> temperature;
    std::optional<double> topP;
    std::optional<int> maxTokens;
    std::optional<ReasoningEffort> reasoningEffort;

    static ConversationParameters fromRecord(const ConversationRecord &record);
    void applyTo(ConversationRecord &record) const;

    // Empty when the values can be sent; else what is wrong, for the user.
    QString validate() const;

    double temperatureOrNaN() const;
    void setTemperatureOrNaN(double value);
    double topPOrNaN() const;
    void setTopPOrNaN(double value);
    int maxTokensOrZero() const { return maxTokens.value_or(0); }
    void setMaxTokensOrZero(int value);
    QString reasoningEffortName() const;
    void setReasoningEffortName(const QString &name);
    bool hasTemperature() const { return temperature.has_value(); }
    bool hasTopP() const { return topP.has_value(); }
    bool hasMaxTokens() const { return maxTokens.has_value(); }

    friend bool operator==(const ConversationParameters &a, const ConversationParameters &b)
    {
        return a.profile == b.profile && a.model == b.model && a.systemPrompt == b.systemPrompt &&
               a.temperature == b.temperature && a.topP == b.topP && a.maxTokens == b.maxTokens &&
               a.reasoningEffort == b.reasoningEffort;
    }
    friend bool operator!=(const ConversationParameters &a, const ConversationParameters &b)
    {
        return !(a == b);
    }
};

Q_DECLARE_METATYPE(ConversationParameters)
