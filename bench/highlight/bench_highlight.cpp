// SPDX-License-Identifier: GPL-3.0-or-later
// highlight.js in Qt's QJSEngine through CodeHighlighter (the real bundle, the real worker):
// the bundle's load, milliseconds per KB of code by language and with detection, and the cost of
// a block streamed at 400 tokens a second through LiveHighlight against highlighting it at every
// frame. Prints a markdown section for BENCHMARKS.md. Not a test: nothing asserts on the figures.
#include "codehighlighter.h"
#include "cputime.h"
#include "livehighlight.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <optional>

using namespace Qt::StringLiterals;

namespace {

struct Sample
{
    QString language;
    QString code;
};

const QList<Sample> &samples()
{
    static const QList<Sample> list{
        {u"python"_s,
         u"import os\n\nclass Store:\n    \"\"\"Keeps values.\"\"\"\n\n    def __init__(self, path: str) -> "
         u"None:\n"
         "        self.path = path\n        self.items = {}\n\n    def load(self):\n"
         "        for name in os.listdir(self.path):  # every file\n"
         "            with open(os.path.join(self.path, name)) as f:\n"
         "                self.items[name] = f.read().strip()\n        return len(self.items) * 2.5\n\n"_s},
        {u"javascript"_s,
         u"import { readFile } from 'node:fs/promises';\n\nexport async function load(path) {\n"
         "  const text = await readFile(path, 'utf8'); // the whole file\n"
         "  return text.split('\\n').filter((line) => line.length > 0).map((line, i) => ({\n"
         "    index: i, value: `${line.trim()}`, size: line.length * 2,\n  }));\n}\n\n"_s},
        {u"cpp"_s,
         u"#include <vector>\n#include <string>\n\n// Counts the words of each line.\n"
         "template <typename T>\nstd::vector<int> count(const std::vector<T> &lines) {\n"
         "    std::vector<int> out;\n    for (const auto &line : lines) {\n        int n = 0;\n"
         "        for (char c : line) n += c == ' ' ? 1 : 0;\n        out.push_back(n + 1);\n    }\n"
         "    return out;\n}\n\n"_s},
        {u"rust"_s, u"use std::collections::HashMap;\n\n/// Counts words.\npub fn count(text: &str) -> "
                    u"HashMap<&str, usize> {\n"
                    "    let mut map = HashMap::new();\n    for word in text.split_whitespace() {\n"
                    "        *map.entry(word).or_insert(0) += 1; // one more\n    }\n    map\n}\n\n"_s},
        {u"json"_s, u"{\n  \"name\": \"confab\",\n  \"version\": \"1.0.0\",\n  \"private\": true,\n"
                    "  \"dependencies\": { \"highlight.js\": \"11.12.0\", \"esbuild\": \"0.28.2\" },\n"
                    "  \"numbers\": [1, 2.5, -3e4, null]\n}\n"_s},
        {u"html"_s, u"<!DOCTYPE html>\n<html lang=\"en\">\n  <head><title>Page</title>\n"
                    "    <style>body { margin: 0; color: #333; }</style></head>\n"
                    "  <body class=\"main\"><p id=\"x\">Hello &amp; welcome</p><!-- note -->\n"
                    "    <script>const n = 42; console.log(n);</script></body>\n</html>\n"_s},
        {u"sql"_s,
         u"SELECT c.id, c.title, count(m.id) AS messages\nFROM conversations c\n"
         "JOIN messages m ON m.conversation_id = c.id\nWHERE c.updated_at > now() - interval '7 days'\n"
         "GROUP BY c.id, c.title\nORDER BY messages DESC\nLIMIT 20; -- the busiest\n\n"_s},
        {u"bash"_s, u"#!/usr/bin/env bash\nset -euo pipefail\nfor f in \"$@\"; do\n"
                    "  if [[ -f $f ]]; then\n    gzip -9 \"$f\" && echo \"packed $f\"\n  fi\ndone\n"
                    "exit 0 # done\n\n"_s},
    };
    return list;
}

// The CPU this thread has used, to tell the GUI side's share from the highlighter's.
qint64 threadNs()
{
    timespec now{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return qint64(now.tv_sec) * 1000000000 + now.tv_nsec;
}

QString grown(const QString &snippet, qsizetype size)
{
    QString code;
    while (code.size() < size)
        code += snippet;
    return code;
}

// Runs the event loop until `done` holds, sleeping between events (not spinning: the CPU
// measured is the highlighter's).
template<typename F> void waitFor(F done)
{
    while (!done())
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
}

// The CPU one highlighting takes (the process's: this thread only waits meanwhile), which a
// machine shared with other work changes less than the time it takes.
double highlightMs(CodeHighlighter &highlighter, const QString &language, const QString &code)
{
    std::optional<CodeHighlight> answer;
    QObject context;
    const qint64 cpu = CpuTime::processNs();
    highlighter.highlight(language, code, CodeHighlighter::Keep::Forget, &context,
                          [&answer](const CodeHighlight &h) { answer = h; });
    waitFor([&] { return answer.has_value(); });
    return (CpuTime::processNs() - cpu) / 1e6;
}

double median(QList<double> values)
{
    std::sort(values.begin(), values.end());
    return values.isEmpty() ? 0 : values.at(values.size() / 2);
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    constexpr qsizetype size = 16 * 1024;
    constexpr int runs = 7;
    CodeHighlighter highlighter;

    const double loadMs = highlightMs(highlighter, u"plaintext"_s, u"x"_s);
    std::optional<qsizetype> languages;
    QObject context;
    highlighter.listLanguages(&context,
                              [&languages](const QList<QStringList> &list) { languages = list.size(); });
    waitFor([&] { return languages.has_value(); });

    std::printf("## Code highlighting: highlight.js in QJSEngine\n\n");
    std::printf("Loading the bundle (%d languages): **%.0f ms** of CPU, once, on the highlighter's thread. "
                "Figures are CPU time.\n\n",
                int(*languages), loadMs);
    std::printf(
        "| code (16 KB) | first call (compiles the grammar) | ms per KB, median of %d |\n|---|---|---|\n",
        runs);
    QList<double> all;
    for (const Sample &sample : samples()) {
        const QString code = grown(sample.code, size);
        const double first = highlightMs(highlighter, sample.language, code);
        QList<double> times;
        for (int i = 0; i < runs; ++i)
            times.append(highlightMs(highlighter, sample.language, code + QString(i, u' ')));
        const double perKb = median(times) / (code.size() / 1024.0);
        all.append(perKb);
        std::printf("| %s | %.0f ms | %.2f |\n", qPrintable(sample.language), first, perKb);
    }
    // Detection weighs 42 languages on the first 2,000 characters, then highlights the rest.
    QList<double> detect;
    for (const Sample &sample : samples())
        detect.append(highlightMs(highlighter, {}, grown(sample.code, 2000)) / (2000 / 1024.0));
    std::printf("| detection (2,000 characters) | | %.2f |\n\n", median(detect));

    // A 12 KB Python block streamed at 400 tokens of 4 characters a second, passed on once a frame.
    const QString block = grown(samples().constFirst().code, 12 * 1024);
    LiveHighlight live(&highlighter);
    QString streamed;
    int frames = 0;
    QElapsedTimer streaming;
    streaming.start();
    const qint64 streamCpu = CpuTime::processNs();
    const qint64 streamMainCpu = threadNs();
    QTimer frame;
    frame.setInterval(16);
    QObject::connect(&frame, &QTimer::timeout, &live, [&] {
        const qsizetype due = std::min<qsizetype>(block.size(), streaming.elapsed() * 400 * 4 / 1000);
        if (due <= streamed.size())
            return;
        streamed = block.left(due);
        ++frames;
        live.setCode(u"python"_s, streamed, streamed.size() == block.size());
    });
    frame.start();
    waitFor([&] { return live.current().length == block.size(); });
    frame.stop();
    const double streamSeconds = streaming.elapsed() / 1000.0;
    const double liveCpuMs = (CpuTime::processNs() - streamCpu) / 1e6;
    const double mainCpuMs = (threadNs() - streamMainCpu) / 1e6;
    // What highlighting the block at every frame would have cost: one call per frame, each of
    // the length the block had then (every tenth frame measured, counted ten times).
    const qint64 everyFrameCpu = CpuTime::processNs();
    for (int f = 1; f <= frames; f += 10)
        highlightMs(highlighter, u"python"_s, block.left(block.size() * f / frames));
    const double everyFrameMs = 10.0 * double(CpuTime::processNs() - everyFrameCpu) / 1e6;
    std::printf("A 12 KB Python block streamed at 400 tokens a second (%.1f s, %d frames): LiveHighlight "
                "made **%d** highlight calls, **%.0f ms** of CPU in all (%.1f %% of a core over the stream, "
                "%.0f ms of it on the thread that streams); "
                "highlighting it at every frame would have taken %d calls and about %.0f ms of CPU "
                "(%.0f %% of a core: it could not keep up).\n",
                streamSeconds, frames, live.requests(), liveCpuMs, 100 * liveCpuMs / 1000 / streamSeconds,
                mainCpuMs, frames, everyFrameMs, 100 * everyFrameMs / 1000 / streamSeconds);
    return 0;
}
