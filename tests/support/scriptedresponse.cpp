// SPDX-License-Identifier: GPL-3.0-or-later
#include "scriptedresponse.h"

#include "openaijson.h"

ScriptedResponse::ScriptedResponse(int status, const QByteArray &reason)
    : m_status(status)
    , m_reason(reason.isEmpty() ? reasonPhrase(status) : reason)
{
    m_steps.append(Step{Step::Kind::Headers, {}, 0, Chunking::PerWrite, {}});
}

ScriptedResponse ScriptedResponse::eventStream(const QByteArray &body, int writeSize)
{
    ScriptedResponse response(200);
    response.setHeader("Content-Type", "text/event-stream; charset=utf-8")
        .setHeader("Cache-Control", "no-cache")
        .setFraming(Framing::Chunked)
        .write(body, writeSize);
    return response;
}

ScriptedResponse ScriptedResponse::json(int status, const QByteArray &body)
{
    ScriptedResponse response(status);
    response.setHeader("Content-Type", "application/json").write(body);
    return response;
}

ScriptedResponse ScriptedResponse::openAiError(int status, const QString &message, const QString &type,
                                               const QString &code, const QString &param)
{
    return json(status, OpenAiJson::error(message, type, code, param));
}

ScriptedResponse ScriptedResponse::silence()
{
    ScriptedResponse response;
    response.m_steps.clear();
    response.stall();
    return response;
}

ScriptedResponse ScriptedResponse::hangUp()
{
    ScriptedResponse response;
    response.m_steps.clear();
    response.drop();
    return response;
}

ScriptedResponse &ScriptedResponse::setHeader(const QByteArray &name, const QByteArray &value)
{
    removeHeader(name);
    return addHeader(name, value);
}

ScriptedResponse &ScriptedResponse::addHeader(const QByteArray &name, const QByteArray &value)
{
    m_headers.append({name, value});
    return *this;
}

ScriptedResponse &ScriptedResponse::removeHeader(const QByteArray &name)
{
    m_headers.removeIf(
        [&name](const auto &header) { return header.first.compare(name, Qt::CaseInsensitive) == 0; });
    return *this;
}

ScriptedResponse &ScriptedResponse::setFraming(Framing framing)
{
    m_framing = framing;
    return *this;
}

ScriptedResponse &ScriptedResponse::closeConnection()
{
    return setHeader("Connection", "close");
}

ScriptedResponse &ScriptedResponse::write(const QByteArray &bytes, int writeSize, Chunking chunking)
{
    return append(Step{Step::Kind::Write, bytes, writeSize, chunking, {}});
}

ScriptedResponse &ScriptedResponse::writeRaw(const QByteArray &bytes, int writeSize)
{
    return append(Step{Step::Kind::RawWrite, bytes, writeSize, Chunking::PerWrite, {}});
}

ScriptedResponse &ScriptedResponse::delay(std::chrono::milliseconds duration)
{
    return append(Step{Step::Kind::Delay, {}, 0, Chunking::PerWrite, duration});
}

ScriptedResponse &ScriptedResponse::delayHeaders(std::chrono::milliseconds duration)
{
    return beforeHeaders({Step::Kind::Delay, {}, 0, Chunking::PerWrite, duration});
}

ScriptedResponse &ScriptedResponse::holdHeaders()
{
    return beforeHeaders({Step::Kind::Hold, {}, 0, Chunking::PerWrite, {}});
}

ScriptedResponse &ScriptedResponse::beforeHeaders(const Step &step)
{
    for (qsizetype i = 0; i < m_steps.size(); ++i) {
        if (m_steps.at(i).kind == Step::Kind::Headers) {
            m_steps.insert(i, step);
            return *this;
        }
    }
    return append(step);
}

ScriptedResponse &ScriptedResponse::hold()
{
    return append(Step{Step::Kind::Hold, {}, 0, Chunking::PerWrite, {}});
}

ScriptedResponse &ScriptedResponse::drop()
{
    return append(Step{Step::Kind::Drop, {}, 0, Chunking::PerWrite, {}});
}

ScriptedResponse &ScriptedResponse::stall()
{
    return append(Step{Step::Kind::Stall, {}, 0, Chunking::PerWrite, {}});
}

ScriptedResponse &ScriptedResponse::flood(const QByteArray &bytes)
{
    return append(Step{Step::Kind::Flood, bytes, 0, Chunking::PerWrite, {}});
}

ScriptedResponse &ScriptedResponse::end()
{
    return append(Step{Step::Kind::End, {}, 0, Chunking::PerWrite, {}});
}

ScriptedResponse &ScriptedResponse::append(Step step)
{
    m_steps.append(std::move(step));
    return *this;
}

QByteArray ScriptedResponse::header(const QByteArray &name) const
{
    for (const auto &header : m_headers) {
        if (header.first.compare(name, Qt::CaseInsensitive) == 0)
            return header.second;
    }
    return {};
}

bool ScriptedResponse::closesConnection() const
{
    return m_framing == Framing::UntilClose || header("Connection").toLower().contains("close");
}

QByteArray ScriptedResponse::body() const
{
    QByteArray bytes;
    for (const Step &step : m_steps) {
        if (step.kind == Step::Kind::End)
            break;
        if (step.kind == Step::Kind::Write)
            bytes += step.bytes;
    }
    return bytes;
}

QByteArray ScriptedResponse::headerBytes() const
{
    QByteArray bytes = "HTTP/1.1 " + QByteArray::number(m_status) + ' ' + m_reason + "\r\n";
    for (const auto &[name, value] : m_headers)
        bytes += name + ": " + value + "\r\n";
    const auto has = [this](const QByteArray &name) {
        return !header(name).isNull();
    };
    switch (m_framing) {
    case Framing::ContentLength:
        if (!has("Content-Length"))
            bytes += "Content-Length: " + QByteArray::number(body().size()) + "\r\n";
        break;
    case Framing::Chunked:
        if (!has("Transfer-Encoding"))
            bytes += "Transfer-Encoding: chunked\r\n";
        break;
    case Framing::UntilClose:
        if (!has("Connection"))
            bytes += "Connection: close\r\n";
        break;
    }
    return bytes + "\r\n";
}

QByteArray ScriptedResponse::reasonPhrase(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 201:
        return "Created";
    case 204:
        return "No Content";
    case 301:
        return "Moved Permanently";
    case 302:
        return "Found";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 408:
        return "Request Timeout";
    case 409:
        return "Conflict";
    case 413:
        return "Content Too Large";
    case 422:
        return "Unprocessable Content";
    case 429:
        return "Too Many Requests";
    case 500:
        return "Internal Server Error";
    case 501:
        return "Not Implemented";
    case 502:
        return "Bad Gateway";
    case 503:
        return "Service Unavailable";
    case 504:
        return "Gateway Timeout";
    default:
        return "Status " + QByteArray::number(status);
    }
}
