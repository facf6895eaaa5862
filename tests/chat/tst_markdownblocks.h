// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// TestMarkdownBlocks and what its parts share: rows described as text, a sample reply and
// random token-sized pieces of it.
#include "markdownblocks.h"

#include <QAbstractItemModelTester>
#include <QGuiApplication>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>
#include <QTextDocument>

#include <limits>

using namespace Qt::StringLiterals;

// A row as the view sees it: "text:<markdown>" or "code:<language>:<open|closed>:<code>".
inline QString describe(const MarkdownBlocks &model, int row)
{
    const QModelIndex index = model.index(row);
    const auto value = [&](MarkdownBlocks::Roles role) {
        return model.data(index, role);
    };
    if (value(MarkdownBlocks::KindRole).toString() == u"code"_s) {
        return u"code:%1:%2:%3"_s.arg(value(MarkdownBlocks::LanguageRole).toString(),
                                      value(MarkdownBlocks::ClosedRole).toBool() ? u"closed"_s : u"open"_s,
                                      value(MarkdownBlocks::CodeRole).toString());
    }
    return u"text:"_s + value(MarkdownBlocks::MarkdownRole).toString();
}

inline QStringList describe(const MarkdownBlocks &model)
{
    QStringList rows;
    for (int row = 0; row < model.rowCount(); ++row)
        rows += describe(model, row);
    return rows;
}

inline QString html(const QString &markdown)
{
    MarkdownBlocks model;
    model.setText(markdown);
    QString all;
    for (int row = 0; row < model.rowCount(); ++row)
        all += model.data(model.index(row), MarkdownBlocks::HtmlRole).toString();
    return all;
}

// A reply with every kind of block, several times over, the way models write them.
inline QString sampleReply()
{
    const QString section = uR"(## Setting up the %1 service

Before you start, make sure **Docker** is installed and `docker info` runs
without errors. See [the docs](https://docs.docker.com/get-started/) for details.

1. Clone the repository:
   ```bash
   git clone https://example.com/%1.git
   cd %1
   ```
2. Build the image:

   ```bash
   docker build -t %1 .
   ```

- Ports:
  - 8080 for HTTP
  - 8443 for HTTPS
* A list of another kind

| Setting | Default | Meaning |
|:--------|:-------:|--------:|
| `port` | 8080 | where it listens |
| `workers` | 4 | threads serving requests |

> **Note:** the first build downloads about 1 GB
and takes a few minutes.

```python
def main():
    print("hello from %1")

    return 0
```
~~~
plain ``` inside a tilde fence
~~~
Text right after a fence, then a rule:

***
#hashtag is not a heading
    indented continuation
Setext heading
--------------

    indented code

    still indented code
)"_s;
    QString text;
    for (const QString &name : {u"alpha"_s, u"beta"_s, u"gamma"_s})
        text += section.arg(name) + u'\n';
    text += u"```js\nconsole.log('the reply ends in an open fence');\n"_s;
    return text;
}

// Token-sized pieces: 1 to 8 characters, now and then splitting a "\r\n" or a fence.
inline QStringList randomPieces(const QString &text, quint32 seed)
{
    QRandomGenerator random(seed);
    QStringList pieces;
    for (qsizetype pos = 0; pos < text.size();) {
        const qsizetype length = std::min<qsizetype>(1 + random.bounded(8), text.size() - pos);
        pieces += text.sliced(pos, length);
        pos += length;
    }
    return pieces;
}

inline void compareModels(const MarkdownBlocks &streamed, const MarkdownBlocks &whole)
{
    QCOMPARE(describe(streamed), describe(whole));
    for (int row = 0; row < whole.rowCount(); ++row) {
        QCOMPARE(streamed.data(streamed.index(row), MarkdownBlocks::HtmlRole).toString(),
                 whole.data(whole.index(row), MarkdownBlocks::HtmlRole).toString());
    }
}

class TestMarkdownBlocks : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void roleNames();
    void splitsBlocks_data();
    void splitsBlocks();
    void rendersEachConstruct_data();
    void rendersEachConstruct();
    void streamsAnOpenFence();
    void aLineStillArrivingMayJoinThePreviousBlock();
    void aBlockNoLongerLastIsShownAsWritten();
    void streamingMatchesTheWholeText_data();
    void streamingMatchesTheWholeText();
    void earlierRowsNeverChange();
    void replacingTheText();
    void aDefinitionArrivingLaterRendersOnlyTheRowsNamingIt();
    void staysSafe_data();
    void staysSafe();
    void safeHref();
};
