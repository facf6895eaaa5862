// SPDX-License-Identifier: GPL-3.0-or-later
#include "streambody.h"

namespace {

// Keep in step with streambody.mjs: JSON.stringify's key order and spacing.
constexpr char kHead[] = R"(data: {"id":"chatcmpl-BdAXk3fW9qZ2LmN7rT4vY8uE1oPsH","object":)"
                         R"("chat.completion.chunk","created":1748000000,"model":"bench",)"
                         R"("system_fingerprint":"fp_bench",)";

void appendChoice(QByteArray &out, const char *delta, const char *finishReason)
{
    out += kHead;
    out += R"("choices":[{"index":0,"delta":)";
    out += delta;
    out += R"(,"logprobs":null,"finish_reason":)";
    out += finishReason;
    out += "}]}\n\n";
}

} // namespace

namespace StreamBody {

QByteArray build(int chunks)
{
    QByteArray out;
    out.reserve(qsizetype(chunks) * 250 + 1024);
    appendChoice(out, R"({"role":"assistant","content":"","refusal":null})", "null");
    char delta[] = R"({"content":"tok0 "})";
    char *digit = delta + sizeof(R"({"content":"tok)") - 1;
    for (int i = 0; i < chunks; ++i) {
        *digit = char('0' + i % 10);
        appendChoice(out, delta, "null");
    }
    appendChoice(out, "{}", R"("stop")");
    out += kHead;
    out += R"("choices":[],"usage":{"prompt_tokens":9,"completion_tokens":)";
    out += QByteArray::number(chunks);
    out += R"(,"total_tokens":)";
    out += QByteArray::number(qint64(chunks) + 9);
    out += "}}\n\ndata: [DONE]\n\n";
    return out;
}

QString expectedText(int chunks)
{
    QString text;
    text.reserve(qsizetype(chunks) * 5);
    for (int i = 0; i < chunks; ++i) {
        text += u"tok";
        text += QChar(u'0' + i % 10);
        text += u' ';
    }
    return text;
}

quint64 checksum(const QString &text)
{
    quint64 hash = 14695981039346656037ULL;
    for (const QChar c : text) {
        hash ^= c.unicode();
        hash *= 1099511628211ULL;
    }
    return hash;
}

} // namespace StreamBody
