// SPDX-License-Identifier: GPL-3.0-or-later
#include "livehighlight.h"

#include "codehighlighter.h"

#include <algorithm>

LiveHighlight::LiveHighlight(CodeHighlighter *highlighter, QObject *parent)
    : QObject(parent)
    , m_highlighter(highlighter)
{
    m_pause.setSingleShot(true);
    connect(&m_pause, &QTimer::timeout, this, &LiveHighlight::request);
}

LiveHighlight::~LiveHighlight() = default;

void LiveHighlight::setCode(const QString &language, const QString &code, bool closed)
{
    m_language = language;
    m_code = code;
    m_closed = closed;
    // Code that is not the old code grown (another language, an edit) loses the old colours.
    if ((language != m_currentLanguage || !code.startsWith(m_currentCode)) && m_current.length > 0)
        show(CodeHighlight{}, language, {});
    if (m_currentCode.size() == code.size() && m_current.length == code.size() &&
        language == m_currentLanguage) {
        if (closed && !m_remembered) {
            m_highlighter->remember(language, code, m_current);
            m_remembered = true;
        }
        return;
    }
    if (std::optional<CodeHighlight> found = m_highlighter->cached(language, code)) {
        ++m_requests;
        show(*found, language, code);
        m_remembered = true; // it is in the cache already
        return;
    }
    schedule();
}

void LiveHighlight::schedule()
{
    if (m_inFlight || m_pause.isActive())
        return;
    const qint64 waited = m_sinceRequest.isValid() ? m_sinceRequest.elapsed() : pause();
    if (waited >= pause())
        request();
    else
        m_pause.start(int(pause() - waited));
}

int LiveHighlight::pause() const
{
    return int(std::max<qint64>(minimumPauseMs, m_lastCostMs * pauseCostFactor));
}

void LiveHighlight::request()
{
    if (m_inFlight ||
        (m_currentCode == m_code && m_currentLanguage == m_language && m_current.length == m_code.size()))
        return;
    m_inFlight = true;
    ++m_requests;
    m_sinceRequest.start();
    const QString language = m_language;
    const QString code = m_code;
    const auto keep = m_closed ? CodeHighlighter::Keep::Remember : CodeHighlighter::Keep::Forget;
    m_highlighter->highlight(
        language, code, keep, this,
        [this, language, code](const CodeHighlight &highlight) { answered(highlight, language, code); });
}

void LiveHighlight::answered(const CodeHighlight &highlight, const QString &language, const QString &code)
{
    m_inFlight = false;
    m_lastCostMs = m_sinceRequest.elapsed();
    if (language == m_language && m_code.startsWith(code)) {
        show(highlight, language, code);
        // Asked for while the fence was open, answered once it closed on this very code.
        if (m_closed && code.size() == m_code.size()) {
            m_highlighter->remember(language, code, highlight);
            m_remembered = true;
        }
    }
    if (language != m_language || code != m_code)
        schedule();
}

void LiveHighlight::show(const CodeHighlight &highlight, const QString &language, const QString &code)
{
    m_current = highlight;
    m_currentLanguage = language;
    m_currentCode = code;
    m_remembered = false;
    Q_EMIT changed();
}
