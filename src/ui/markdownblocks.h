// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "markdownblock.h"
#include "markdownlinkdefinitions.h"
#include "markdownrenderer.h"

#include <QAbstractListModel>
#include <QList>
#include <QString>
#include <QtQml/qqmlregistration.h>

// One message's markdown as a list of top-level blocks, each laid out on its own: text blocks as
// safe rich text, fenced code as code with its language.
//
// A change re-scans the text only from the start of the last block whose first line is whole (the
// last block, or the one before it while a new block's first line is still arriving): the rows
// before it never change, so a streamed token costs the same at 40,000 tokens as at 100. Rich text
// is rendered when a view asks for it and kept until its block changes, or until a link reference
// definition it names changes in another block (one arriving later in the stream, say): a block is
// rendered with the definitions of the whole message that its labels name, and only the rows that
// name a definition are rendered again when it changes. The caller coalesces updates
// (MessageModel passes a streamed reply on at most once a frame).
class MarkdownBlocks : public QAbstractListModel
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("MarkdownBlocks come with a message: read them from MessageModel's blocks role")

public:
    enum Roles {
        KindRole = Qt::UserRole + 1, // "text" or "code"
        HtmlRole,                    // text: the block as rich text
        CodeRole,                    // code: the code between the fences
        LanguageRole,                // code: the first word of the fence's info string
        ClosedRole,                  // code: the closing fence has arrived (always true for text)
        MarkdownRole,                // the block's markdown source
    };
    Q_ENUM(Roles)

    explicit MarkdownBlocks(QObject *parent = nullptr);
    ~MarkdownBlocks() override;

    QString text() const { return m_text; }
    // Appending to the current text (the usual case while streaming) costs as appendText() does,
    // plus a comparison of the old text with the start of the new; any other text replaces the rows
    // from the first block it changes (from the first line it changes on, at least).
    void setText(const QString &text);
    void appendText(QStringView delta);
    void clear();
    // While a reply streams its last block is shown settled (StreamingMarkdown): a half-written
    // link as its text, an open bold run closed. Off again, the block is shown as written.
    void setStreaming(bool streaming);
    bool isStreaming() const { return m_streaming; }

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

private:
    using Definitions = QList<MarkdownLinkDefinitions::Definition>;
    struct Row
    {
        MarkdownBlock block;
        Definitions definitions; // the link reference definitions the block makes
        mutable QString html;    // rendered on demand
        mutable bool rendered = false;
        mutable QList<QString> references; // the labels of the block as last rendered
    };

    qsizetype firstOpenRow(qsizetype stableLength) const;
    bool m_streaming = false;
    void rescan(qsizetype stableLength);
    QList<int> changedRoles(const MarkdownBlock &before, const MarkdownBlock &after,
                            qsizetype stableLength) const;
    Row newRow(const MarkdownBlock &block) const;
    Definitions definitionsOf(const MarkdownBlock &block) const;
    void setDefinitions(Row &row, Definitions definitions, QList<QString> *changedKeys);
    void renderAgainRowsNaming(const QList<QString> &keys);
    QString withDefinitions(qsizetype row, const QString &source) const;

    QString m_text;
    QList<Row> m_rows;
    QHash<QString, int> m_definedKeys; // how many definitions of each label the rows make
    mutable MarkdownRenderer m_renderer;
};
