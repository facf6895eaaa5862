// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "storageerror.h"

#include <deque>
#include <functional>

class StoreWorker;

// The store's writes in the order they came, with the flush markers between them: a flush is
// answered once every write before it has an outcome.
class WriteQueue
{
public:
    // The SQL of one write; runs on the storage thread.
    using Work = std::function<StorageError(StoreWorker &)>;
    // Fulfils the caller's promise with the write's outcome.
    using Resolve = std::function<void(const StorageError &)>;

    void pushWrite(Work work, Resolve resolve);
    void pushFlush(std::function<void()> flushed);

    bool empty() const { return m_pending.empty(); }
    int writeCount() const; // flush markers not counted

    // Answers the flush markers at the head: the writes before them are done.
    void answerFlushesAtHead();
    // The write at the head (after answerFlushesAtHead(), when not empty).
    const Work &head() const { return m_pending.front().work; }
    // Takes the head write off and gives it its outcome.
    void resolveHead(const StorageError &error);
    // Every write ends with `error`, every flush is answered: nothing waits any more.
    void failAll(const StorageError &error);

private:
    struct Pending
    {
        Work work; // empty for a flush marker
        Resolve resolve;
        std::function<void()> flushed;
    };

    std::deque<Pending> m_pending;
};
