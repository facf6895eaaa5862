// SPDX-License-Identifier: GPL-3.0-or-later
// A local OpenAI-compatible server for the GUI streaming benchmark: streams pacedreply.mjs's
// reply at a steady rate, a chunk of the tokens due every 10 ms. Listens on 127.0.0.1 and prints
// its port on the first line of stdout; on stderr it prints `start <ms> <tokens>` and
// `end <ms> <tokens>` (Unix time) around each stream. A request's max_tokens is obeyed.
//   node pacedserver.mjs [--tokens N] [--rate R]
// A last user message containing "wait" gets its first token only after --wait seconds (the
// window shows that it is waiting meanwhile).
import http from 'node:http';
import { pacedTokens } from './pacedreply.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const TOKENS = option('--tokens', 40000);
const RATE = option('--rate', 400);
const WAIT_S = option('--wait', 20);
const TICK_MS = 10;
const tokens = pacedTokens(TOKENS);

function chunk(delta, finish) {
  return 'data: ' + JSON.stringify({
    id: 'chatcmpl-paced', object: 'chat.completion.chunk', created: 1748000000, model: 'paced',
    choices: [{ index: 0, delta, finish_reason: finish }],
  }) + '\n\n';
}

function stream(res, wait, count) {
  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
  res.write(chunk({ role: 'assistant' }, null));
  let sent = 0;
  let started = 0;
  let timer = null;
  const tick = () => {
    const due = Math.min(count, Math.floor(((Date.now() - started) * RATE) / 1000));
    if (due > sent) {
      res.write(chunk({ content: tokens.slice(sent, due).join('') }, null));
      sent = due;
    }
    if (sent === count) {
      clearInterval(timer);
      res.end(chunk({}, 'stop') + 'data: [DONE]\n\n');
      process.stderr.write(`end ${Date.now()} ${count}\n`);
    }
  };
  const begin = () => {
    started = Date.now();
    process.stderr.write(`start ${started} ${count}\n`);
    timer = setInterval(tick, TICK_MS);
  };
  const delay = setTimeout(begin, wait ? WAIT_S * 1000 : 0);
  res.on('close', () => {
    clearTimeout(delay);
    clearInterval(timer);
  });
}

const server = http.createServer((req, res) => {
  let raw = '';
  req.on('data', (d) => { raw += d; });
  req.on('end', () => {
    const path = new URL(req.url, 'http://localhost').pathname.replace(/\/+$/, '');
    if (req.method === 'GET' && path.endsWith('/models')) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ object: 'list', data: [{ id: 'paced', object: 'model', owned_by: 'confab-bench' }] }));
      return;
    }
    if (req.method === 'POST' && path.endsWith('/chat/completions')) {
      let request = {};
      try {
        request = JSON.parse(raw);
      } catch {
        // an empty request streams as any other
      }
      const messages = request.messages ?? [];
      const last = messages.length ? String(messages[messages.length - 1].content) : '';
      // A title request asks for a few tokens only.
      const limit = request.max_tokens ?? request.max_completion_tokens ?? TOKENS;
      stream(res, /wait/i.test(last), Math.min(TOKENS, limit));
      return;
    }
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end('{"error":{"message":"no such route"}}');
  });
});
server.listen(0, '127.0.0.1', () => console.log(server.address().port));
