// SPDX-License-Identifier: GPL-3.0-or-later
#include "messagerecord.h"

#include <array>
#include <utility>

namespace {

// The names are what the database's CHECK constraints accept: keep them in step with
// docs/storage.md.
constexpr std::array<std::pair<MessageRecord::Role, const char16_t *>, 3> roleNames{{
    {MessageRecord::Role::System, u"system"},
    {MessageRecord::Role::User, u"user"},
    {MessageRecord::Role::Assistant, u"assistant"},
}};

constexpr std::array<std::pair<MessageRecord::Status, const char16_t *>, 6> statusNames{{
    {MessageRecord::Status::Pending, u"pending"},
    {MessageRecord::Status::Streaming, u"streaming"},
    {MessageRecord::Status::Complete, u"complete"},
    {MessageRecord::Status::Stopped, u"stopped"},
    {MessageRecord::Status::Interrupted, u"interrupted"},
    {MessageRecord::Status::Error, u"error"},
}};

template<typename Enum, std::size_t N>
QString nameOf(const std::array<std::pair<Enum, const char16_t *>, N> &names, Enum value)
{
    for (const auto &[candidate, name] : names) {
        if (candidate == value)
            return QString::fromUtf16(name);
    }
    return {};
}

template<typename Enum, std::size_t N>
std::optional<Enum> valueOf(const std::array<std::pair<Enum, const char16_t *>, N> &names,
                            const QString &name)
{
    for (const auto &[value, candidate] : names) {
        if (name == QStringView(candidate))
            return value;
    }
    return std::nullopt;
}

} // namespace

QString MessageRecord::roleName(Role role)
{
    return nameOf(roleNames, role);
}

std::optional<MessageRecord::Role> MessageRecord::roleFromName(const QString &name)
{
    return valueOf(roleNames, name);
}

QString MessageRecord::statusName(Status status)
{
    return nameOf(statusNames, status);
}

std::optional<MessageRecord::Status> MessageRecord::statusFromName(const QString &name)
{
    return valueOf(statusNames, name);
}
