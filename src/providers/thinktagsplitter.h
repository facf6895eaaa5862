// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QStringView>

// Splits the content of a reply that opens with <think>…</think> (Ollama, llama.cpp and vLLM
// with Qwen or DeepSeek R1 send the thinking so) into the thinking and the answer, as the deltas
// come: a tag may be split across any deltas, so what could still be the start of a tag is held
// back until the next delta says. Only whitespace may come before <think>; a content that starts
// otherwise is all answer, a later <think> included. One instance serves one reply.
class ThinkTagSplitter
{
public:
    // Splits one delta of the content, appending to `reasoning` and `content`.
    void feed(QStringView delta, QString &reasoning, QString &content);
    // The reply ended: what was held back is released (a content that was only "<th" is answer;
    // a reply that ended inside the thinking keeps it as thinking).
    void finish(QString &reasoning, QString &content);
    // Forgets the reply: the request is being sent again.
    void reset();

    // Every delta from now on is answer as it is: the caller may pass it on without feed().
    bool passesThrough() const { return m_state == State::Answer; }

private:
    enum class State {
        Opening,      // only whitespace so far, or the start of <think>
        Thinking,     // after <think>
        AfterClosing, // after </think>: the whitespace models put before the answer
        Answer,
    };

    void feedThinking(QString &reasoning, QString &content);
    void appendReasoning(QStringView text, QString &reasoning);

    State m_state = State::Opening;
    QString m_held;                // what is not yet known to be thinking, answer or a tag
    bool m_reasoningBegun = false; // some thinking was passed on: its leading whitespace is gone
};
