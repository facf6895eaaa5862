// SPDX-License-Identifier: GPL-3.0-or-later
#include "codehighlight.h"

using namespace Qt::StringLiterals;

CodeHighlight CodeHighlight::fromScript(const QVariant &value, qsizetype length)
{
    CodeHighlight highlight;
    highlight.length = length;
    const QVariantMap map = value.toMap();
    highlight.language = map.value(u"language"_s).toString();
    highlight.detected = map.value(u"detected"_s).toBool();
    highlight.scopes = map.value(u"scopes"_s).toStringList();
    const QVariantList runs = map.value(u"runs"_s).toList();
    highlight.runs.reserve(runs.size() / 3);
    qsizetype end = 0;
    for (qsizetype i = 0; i + 2 < runs.size(); i += 3) {
        const Run run{runs.at(i).toInt(), runs.at(i + 1).toInt(), runs.at(i + 2).toInt()};
        if (run.start < end || run.length <= 0 || run.start + qsizetype(run.length) > length ||
            run.scope < 0 || run.scope >= highlight.scopes.size())
            continue;
        highlight.runs.append(run);
        end = run.start + run.length;
    }
    return highlight;
}

QStringList CodeHighlight::scopeChain(const Run &run) const
{
    return scopes.value(run.scope).split(u' ', Qt::SkipEmptyParts);
}

qsizetype CodeHighlight::bytes() const
{
    qsizetype total =
        qsizetype(sizeof(CodeHighlight)) + language.size() * 2 + runs.size() * qsizetype(sizeof(Run));
    for (const QString &scope : scopes)
        total += scope.size() * 2 + 24;
    return total;
}
