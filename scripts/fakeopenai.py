#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""A tiny stand-in for an OpenAI-compatible server, for screenshots and trying the window out.

GET  /v1/models            two models
POST /v1/chat/completions  streams a canned markdown reply (a heading, a list, a link, a code
                           block and a table) in small pieces. A last message containing "slow"
                           streams slowly; one containing "fail" gets a 500 error (a JSON body,
                           as OpenAI sends); one containing "cut" is cut off half way. One
                           containing "short" ends half way with finish_reason "length" (the
                           token limit; the app's Continue then gets the rest), "filter" with
                           "content_filter", "tool" with a tool call ("tool_calls").

Usage: fakeopenai.py [PORT]  (0 or nothing: any free port; the port is printed on stdout)
"""
import json
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

REPLY = """Here is a quick way to **count words** in a file with Python, plus how it compares \
with the shell. See the [Python docs](https://docs.python.org/3/library/collections.html) \
for `Counter`.

## The script

```python
from collections import Counter
import sys

def top_words(path, n=5):
    with open(path, encoding="utf-8") as f:
        words = f.read().lower().split()
    return Counter(words).most_common(n)

for word, count in top_words(sys.argv[1]):
    print(f"{count:6}  {word}")
```

## How the options compare

| Tool | Speed | Unicode | Lines of code |
|------|------:|:-------:|--------------:|
| Python `Counter` | fast | yes | 8 |
| `wc -w` | fastest | partly | 1 |
| `awk` | fast | no | 3 |

1. Save it as `top.py`.
2. Run `python3 top.py notes.txt`.

> Tip: pass `n=10` for a longer list.
"""

THINKING = """The user asks which database suits a **small team** sharing one history.

- SQLite is one file: nothing to run, but one machine at a time.
- PostgreSQL needs a server, and gives every machine the same conversations.

Three people on two laptops and a desktop: that is *several machines*, so PostgreSQL, \
unless they never share. I should say when SQLite is still the better choice.
"""

THOUGHT = """For a team that shares its history across machines, use **PostgreSQL**: one server, \
and every laptop sees the same conversations, searchable from each.

Stay with **SQLite** (the default) when each person keeps their own history: nothing to \
install, one file in your data folder."""


def chunks(text, size):
    for i in range(0, len(text), size):
        yield text[i:i + size]


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.0"

    def log_message(self, fmt, *args):
        sys.stderr.write("fakeopenai: " + (fmt % args) + "\n")

    def send_json(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        if self.path.rstrip("/").endswith("/models"):
            self.send_json(200, {"object": "list", "data": [
                {"id": "gpt-4o-mini", "object": "model"},
                {"id": "llama3.1:8b", "object": "model"}]})
        else:
            self.send_json(404, {"error": {"message": "no such path", "type": "invalid_request_error"}})

    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        request = json.loads(self.rfile.read(length) or b"{}")
        if not self.path.rstrip("/").endswith("/chat/completions"):
            self.send_json(404, {"error": {"message": "no such path", "type": "invalid_request_error"}})
            return
        messages = request.get("messages", [])
        last = messages[-1].get("content", "") if messages else ""
        if isinstance(last, list):
            last = " ".join(part.get("text", "") for part in last if isinstance(part, dict))
        model = request.get("model", "gpt-4o-mini")
        naming = bool(messages) and messages[0].get("role") == "system" and \
            "name conversations" in str(messages[0].get("content", ""))
        if naming:
            # The app names a new chat after its first reply: a short title, quickly.
            question = last.split("Answer:")[0].replace("Question:", "").strip()
            words = [w.strip(",.?!") for w in question.split()]
            title = "Word counter in Python" if "counter" in question.lower() else " ".join(words[:4])
            reply, delay, cut = title, 0.0, False
        elif "fail" in last.lower():
            self.send_json(500, {"error": {"message": "The server had an error while processing your request.",
                                           "type": "server_error"}})
            return
        else:
            reply = REPLY
            delay = 0.25 if "slow" in last.lower() else 0.02
            cut = "cut" in last.lower()
        finish = "stop"
        lowered = last.lower()
        continuing = len(messages) >= 2 and messages[-2].get("role") == "assistant" and \
            "cut off at the token limit" in lowered
        if naming:
            pass
        elif continuing:
            reply, cut = REPLY[len(REPLY) // 2:], False  # the rest of what was cut short
        elif "short" in lowered:
            reply, finish = REPLY[:len(REPLY) // 2], "length"
        elif "filter" in lowered:
            reply, finish = REPLY[:len(REPLY) // 4], "content_filter"
        elif "tool" in lowered:
            reply, finish = "Let me look that up.", "tool_calls"
        thinking = "" if naming or continuing else THINKING if "think" in lowered else ""
        if thinking:
            reply = THOUGHT

        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-cache")
        self.end_headers()

        def event(payload):
            self.wfile.write(b"data: " + json.dumps(payload).encode() + b"\n\n")
            self.wfile.flush()

        base = {"id": "chatcmpl-fake", "object": "chat.completion.chunk", "created": int(time.time()),
                "model": model}
        try:
            event(dict(base, choices=[{"index": 0, "delta": {"role": "assistant", "content": ""},
                                       "finish_reason": None}]))
            for piece in chunks(thinking, 8):
                event(dict(base, choices=[{"index": 0, "delta": {"reasoning_content": piece},
                                           "finish_reason": None}]))
                time.sleep(0.12)
            pieces = list(chunks(reply, 12))
            for i, piece in enumerate(pieces):
                if cut and i == len(pieces) // 2:
                    return  # the connection drops mid-reply
                event(dict(base, choices=[{"index": 0, "delta": {"content": piece}, "finish_reason": None}]))
                time.sleep(delay)
            event(dict(base, choices=[{"index": 0, "delta": {}, "finish_reason": finish}]))
            usage = {"prompt_tokens": 24, "completion_tokens": 212, "total_tokens": 236}
            if thinking:
                usage.update(completion_tokens=298, total_tokens=322,
                             completion_tokens_details={"reasoning_tokens": 121})
            event(dict(base, choices=[], usage=usage))
            self.wfile.write(b"data: [DONE]\n\n")
            self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client stopped the reply


def main():
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 0
    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    print(server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
