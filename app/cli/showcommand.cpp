// SPDX-License-Identifier: GPL-3.0-or-later
#include "showcommand.h"

#include "console.h"
#include "conversationstore.h"
#include "futurecallback.h"
#include "messageparts.h"
#include "recordjson.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFuture>

namespace {
QString localTime(const QDateTime &time)
{
    return time.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm"));
}

// A reply's thinking, marked as such, then the mark of its answer; nothing when it did not think.
QString thinking(const MessageRecord &message)
{
    std::optional<qint64> durationMs;
    for (const MessagePart &part : message.parts) {
        if (part.type == MessagePart::Type::Reasoning && part.durationMs)
            durationMs = durationMs.value_or(0) + *part.durationMs;
    }
    QString text = MessageParts::reasoningText(message.parts);
    if (text.isEmpty())
        return {};
    if (!text.endsWith(u'\n'))
        text += u'\n';
    const QString mark = durationMs ? QCoreApplication::translate("cli", "(thinking, %1 s)")
                                          .arg(QString::number(double(*durationMs) / 1000.0, 'f', 1))
                                    : QCoreApplication::translate("cli", "(thinking)");
    return mark + u'\n' + text + QCoreApplication::translate("cli", "(answer)") + u'\n';
}
} // namespace

void ShowCommand::start(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QCoreApplication::translate(
            "cli",
            "Print a conversation: its messages along the current branch, oldest first.\n"
            "With --json: {\"id\",\"title\",\"created_at\",\"updated_at\",\"pinned\",\"archived\","
            "\"model\",\"system_prompt\",\"temperature\",\"top_p\",\"max_tokens\",\"reasoning_effort\","
            "\"messages\":[{\"id\",\"parent_id\",\"role\",\"content\",\"parts\",\"status\",\"model\","
            "\"created_at\"}]}; parts is the message in order, e.g. [{\"type\":\"reasoning\",\"text\","
            "\"duration_ms\"},{\"type\":\"text\",\"text\"}], and content its text parts joined. A "
            "reply's thinking is printed before its answer, marked as such.\n\n%1")
            .arg(exitCodeHelp()));
    parser.addPositionalArgument(
        QStringLiteral("ID"),
        QCoreApplication::translate("cli", "The conversation's id, as 'list' prints it."));
    m_options.addTo(parser);
    if (!parse(parser, QStringLiteral("show"), arguments))
        return;
    if (parser.positionalArguments().size() != 1)
        return fail(ExitCode::Usage, QCoreApplication::translate("cli", "show takes one conversation ID"));
    if (const QString error = m_options.read(parser); !error.isEmpty())
        return fail(ExitCode::Usage, error);

    const QString id = parser.positionalArguments().constFirst().trimmed().toLower();
    withDatabasePassword([this, id] {
        onFinished(openStore()->conversation(id), this,
                   [this, id](const StorageResult<ConversationRecord> &conversation) {
                       if (conversation.error.kind == StorageError::Kind::NotFound ||
                           (conversation.ok() && conversation.value.id.isEmpty()))
                           return failNoSuchConversation(id);
                       if (!conversation.ok())
                           return failWith(conversation.error);
                       onFinished(store()->fullBranch(id), this,
                                  [this, record = conversation.value](
                                      const StorageResult<QList<MessageRecord>> &messages) {
                                      if (!messages.ok())
                                          return failWith(messages.error);
                                      print(record, messages.value);
                                  });
                   });
    });
}

void ShowCommand::print(const ConversationRecord &conversation, const QList<MessageRecord> &messages)
{
    if (m_options.json()) {
        QJsonObject json = RecordJson::conversation(conversation);
        QJsonArray array;
        for (const MessageRecord &message : messages)
            array.append(RecordJson::message(message));
        json.insert(QStringLiteral("messages"), array);
        RecordJson::print(json);
        return finish(ExitCode::Ok);
    }

    QString out =
        conversation.title.isEmpty() ? QCoreApplication::translate("cli", "(untitled)") : conversation.title;
    out += u'\n';
    out += QCoreApplication::translate("cli", "%1 · created %2 · updated %3")
               .arg(conversation.id, localTime(conversation.createdAt), localTime(conversation.updatedAt));
    if (!conversation.model.isEmpty())
        out += QStringLiteral(" · ") + conversation.model;
    out += u'\n';
    if (!conversation.systemPrompt.isEmpty())
        out += u'\n' + QCoreApplication::translate("cli", "── system ──") + u'\n' +
               conversation.systemPrompt + u'\n';
    for (const MessageRecord &message : messages) {
        QString header = MessageRecord::roleName(message.role);
        if (message.role == MessageRecord::Role::Assistant && !message.model.isEmpty())
            header += QStringLiteral(" (%1)").arg(message.model);
        if (message.status != MessageRecord::Status::Complete)
            header += QStringLiteral(" [%1]").arg(MessageRecord::statusName(message.status));
        header += QStringLiteral(" · ") + localTime(message.createdAt);
        out += u'\n' + QStringLiteral("── %1 ──").arg(header) + u'\n' + thinking(message) + message.content;
        if (!message.content.endsWith(u'\n'))
            out += u'\n';
        if (!message.errorText.isEmpty())
            out += QCoreApplication::translate("cli", "(error: %1)").arg(message.errorText) + u'\n';
    }
    Console::writeOut(out.toUtf8());
    Console::flushOut();
    finish(ExitCode::Ok);
}
