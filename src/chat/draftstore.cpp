// SPDX-License-Identifier: GPL-3.0-or-later
#include "draftstore.h"

#include <QSettings>

using namespace Qt::StringLiterals;

DraftStore::DraftStore(QSettings *settings, QObject *parent)
    : QObject(parent)
    , m_settings(settings)
{
    m_writeTimer.setSingleShot(true);
    m_writeTimer.setInterval(writeDelay);
    connect(&m_writeTimer, &QTimer::timeout, this, &DraftStore::writeNow);
}

DraftStore::~DraftStore()
{
    writeNow();
}

QString DraftStore::draft(const QString &conversationId) const
{
    const QString key = keyFor(conversationId);
    if (const auto known = m_drafts.constFind(key); known != m_drafts.cend())
        return *known;
    return m_settings ? m_settings->value(key).toString() : QString();
}

void DraftStore::setDraft(const QString &conversationId, const QString &text)
{
    const QString key = keyFor(conversationId);
    if (draft(conversationId) == text)
        return;
    m_drafts.insert(key, text);
    m_dirty.insert(key);
    // Typing writes once it pauses, not at every key.
    m_writeTimer.start();
}

void DraftStore::moveNewDraftTo(const QString &conversationId)
{
    const QString text = draft({});
    setDraft({}, QString());
    if (!text.isEmpty())
        setDraft(conversationId, text);
}

void DraftStore::writeNow()
{
    m_writeTimer.stop();
    if (!m_settings) {
        m_dirty.clear();
        return;
    }
    for (const QString &key : std::as_const(m_dirty)) {
        const QString text = m_drafts.value(key);
        if (text.isEmpty())
            m_settings->remove(key);
        else
            m_settings->setValue(key, text);
    }
    m_dirty.clear();
}

QString DraftStore::keyFor(const QString &conversationId)
{
    return u"drafts/"_s + (conversationId.isEmpty() ? u"new"_s : conversationId);
}
