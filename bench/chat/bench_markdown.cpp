// SPDX-License-Identifier: GPL-3.0-or-later
// Streams a long generated reply a token at a time through MarkdownBlocks (and MessageModel),
// reading what a view reads after each token, and prints the CPU time per token at three points of
// the reply: it should not grow with the reply's length. A one-document render of the whole reply,
// what a view without blocks would redo per update, is sampled at the same points as a baseline.
//
//   bench_markdown [--tokens N] [--runs R] [--seed S] [--naive-samples K]
#include "markdownblocks.h"
#include "messagemodel.h"
#include "cputime.h"
#include "replygenerator.h"

#include <QCommandLineParser>
#include <QGuiApplication>
#include <QTextDocument>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <memory>

using namespace Qt::StringLiterals;

namespace {

struct Window
{
    int begin = 0;
    int end = 0;
};

// Reads the last block as a delegate does when its row changes.
qsizetype readLastBlock(const MarkdownBlocks &blocks)
{
    const QModelIndex last = blocks.index(blocks.rowCount() - 1);
    const bool code = blocks.data(last, MarkdownBlocks::KindRole).toString() == u"code"_s;
    return blocks.data(last, code ? MarkdownBlocks::CodeRole : MarkdownBlocks::HtmlRole).toString().size();
}

// One way of streaming: `start` sets up a fresh model, `step` feeds it a token and reads it back.
struct Mode
{
    const char *name;
    std::function<void()> start;
    std::function<qsizetype(const QString &)> step;
    std::function<const MarkdownBlocks *()> blocks;
};

// CPU nanoseconds per token over each window of one stream of all the tokens.
QList<double> streamOnce(const Mode &mode, const QStringList &tokens, const QList<Window> &windows)
{
    mode.start();
    QList<double> perToken(windows.size());
    qint64 began = 0;
    qsizetype sink = 0;
    for (int i = 0; i < tokens.size(); ++i) {
        for (qsizetype w = 0; w < windows.size(); ++w) {
            if (windows.at(w).begin == i)
                began = CpuTime::processNs();
        }
        sink += mode.step(tokens.at(i));
        for (qsizetype w = 0; w < windows.size(); ++w) {
            if (windows.at(w).end == i + 1)
                perToken[w] =
                    double(CpuTime::processNs() - began) / (windows.at(w).end - windows.at(w).begin);
        }
    }
    if (sink == 0)
        std::fputs("nothing was rendered\n", stderr);
    return perToken;
}

double median(QList<double> values)
{
    std::sort(values.begin(), values.end());
    const qsizetype n = values.size();
    return n % 2 ? values.at(n / 2) : (values.at(n / 2 - 1) + values.at(n / 2)) / 2;
}

// What re-rendering the whole reply as one document costs per update, at `tokens` tokens.
double naiveNs(const QStringList &tokens, int count, int samples)
{
    QString text;
    for (int i = 0; i < count - samples; ++i)
        text += tokens.at(i);
    QTextDocument document;
    qsizetype sink = 0;
    const qint64 began = CpuTime::processNs();
    for (int i = count - samples; i < count; ++i) {
        text += tokens.at(i);
        document.setMarkdown(text, QTextDocument::MarkdownFeatures(QTextDocument::MarkdownDialectGitHub) |
                                       QTextDocument::MarkdownNoHTML);
        sink += document.toHtml().size();
    }
    const double ns = double(CpuTime::processNs() - began) / samples;
    return sink > 0 ? ns : 0;
}

} // namespace

int main(int argc, char **argv)
{
    if (!qEnvironmentVariableIsSet("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    const QCommandLineOption tokensOption(u"tokens"_s, u"Tokens in the reply."_s, u"n"_s, u"40000"_s);
    const QCommandLineOption runsOption(u"runs"_s, u"Streams per mode (median taken)."_s, u"n"_s, u"5"_s);
    const QCommandLineOption seedOption(u"seed"_s, u"Seed of the generated reply."_s, u"n"_s, u"1"_s);
    const QCommandLineOption naiveOption(u"naive-samples"_s, u"Tokens timed for the baseline."_s, u"n"_s,
                                         u"10"_s);
    parser.addOptions({tokensOption, runsOption, seedOption, naiveOption});
    parser.process(app);
    const int count = std::max(400, parser.value(tokensOption).toInt());
    const int runs = std::max(1, parser.value(runsOption).toInt());
    const int naiveSamples = std::clamp(parser.value(naiveOption).toInt(), 1, count / 40);

    const QStringList tokens = ReplyGenerator(parser.value(seedOption).toUInt()).tokens(count);
    qsizetype chars = 0;
    for (const QString &token : tokens)
        chars += token.size();

    // The thousand tokens before 10k, 20k and 40k (for 40,000 tokens).
    const int width = count / 40;
    const QList<Window> windows{
        {count / 4 - width, count / 4}, {count / 2 - width, count / 2}, {count - width, count}};

    std::unique_ptr<MarkdownBlocks> blocks;
    QString content; // the whole reply so far, for setText()
    std::unique_ptr<MessageModel> messages;
    QString heldContent; // what a delegate's content property holds between frames
    MessageRecord reply;
    reply.id = u"bench-reply"_s;
    reply.role = MessageRecord::Role::Assistant;
    reply.status = MessageRecord::Status::Streaming;

    const QList<Mode> modes{
        {"blocks_append", [&] { blocks = std::make_unique<MarkdownBlocks>(); },
         [&](const QString &token) {
             blocks->appendText(token);
             return readLastBlock(*blocks);
         },
         [&] {
             return blocks.get();
         }},
        {"blocks_settext",
         [&] {
             blocks = std::make_unique<MarkdownBlocks>();
             content.clear();
         },
         [&](const QString &token) {
             content += token;
             blocks->setText(content);
             return readLastBlock(*blocks);
         },
         [&] {
             return blocks.get();
         }},
        // Every token its own frame: MessageModel's worst case. A view reads the message's content
        // (its actions hold it in a property) and the last block.
        {"messagemodel",
         [&] {
             messages = std::make_unique<MessageModel>(nullptr);
             QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete); // the last run's blocks
             messages->appendMessage(reply, MessageModel::SaveState::Saving);
         },
         [&](const QString &token) {
             messages->appendContent(reply.id, token);
             messages->flushContent();
             const QModelIndex row = messages->index(0);
             heldContent = messages->data(row, MessageModel::ContentRole).toString();
             auto *rowBlocks = qobject_cast<MarkdownBlocks *>(
                 messages->data(row, MessageModel::BlocksRole).value<QObject *>());
             return heldContent.size() + readLastBlock(*rowBlocks);
         },
         [&] {
             return qobject_cast<const MarkdownBlocks *>(
                 messages->data(messages->index(0), MessageModel::BlocksRole).value<QObject *>());
         }},
    };

    std::printf("tokens=%d\nchars=%lld\nchars_per_token=%.2f\nruns=%d\n", count, qlonglong(chars),
                double(chars) / count, runs);
    for (const Window &w : windows)
        std::printf("window=%d-%d\n", w.begin, w.end);

    QString whole;
    for (const QString &token : tokens)
        whole += token;
    MarkdownBlocks reference;
    reference.setText(whole);
    std::printf("blocks=%d\n", reference.rowCount());

    for (const Mode &mode : modes) {
        QList<QList<double>> perWindow(windows.size());
        for (int run = 0; run < runs; ++run) {
            const QList<double> ns = streamOnce(mode, tokens, windows);
            for (qsizetype w = 0; w < windows.size(); ++w)
                perWindow[w] += ns.at(w);
            // The streamed rows must be the ones the whole text gives.
            const MarkdownBlocks *streamed = mode.blocks();
            bool same = streamed && streamed->rowCount() == reference.rowCount();
            for (int row = 0; same && row < reference.rowCount(); ++row) {
                for (int role : {int(MarkdownBlocks::MarkdownRole), int(MarkdownBlocks::CodeRole)})
                    same = same && streamed->data(streamed->index(row), role) ==
                                       reference.data(reference.index(row), role);
            }
            if (!same) {
                std::fprintf(stderr, "%s: the streamed blocks differ from the whole text's\n", mode.name);
                return 1;
            }
        }
        QList<double> medians;
        for (qsizetype w = 0; w < windows.size(); ++w) {
            medians += median(perWindow.at(w));
            QStringList all;
            for (double ns : perWindow.at(w))
                all += QString::number(ns, 'f', 0);
            std::printf("%s_runs_ns_%lld=%s\n", mode.name, qlonglong(w), qPrintable(all.join(u',')));
        }
        std::printf("%s_ns_per_token=%.0f,%.0f,%.0f ratio_last_first=%.3f\n", mode.name, medians.at(0),
                    medians.at(1), medians.at(2), medians.at(2) / medians.at(0));
    }

    const double naiveFirst = naiveNs(tokens, windows.at(0).end, naiveSamples);
    const double naiveLast = naiveNs(tokens, windows.at(2).end, naiveSamples);
    std::printf("naive_ns_per_token=%.0f,%.0f ratio_last_first=%.3f samples=%d\n", naiveFirst, naiveLast,
                naiveLast / naiveFirst, naiveSamples);
    return 0;
}
