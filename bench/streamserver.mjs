// SPDX-License-Identifier: GPL-3.0-or-later
// A local OpenAI-compatible server for the streaming benchmark. Model `bench-N` streams N content
// chunks as fast as the socket takes them, in 64 KiB writes. Listens on 127.0.0.1 and prints its
// port on the first line of stdout.
//   node streamserver.mjs [PORT]      serve (port 0, the default, picks a free one)
//   node streamserver.mjs --body N    print the body for bench-N to stdout and exit
import http from 'node:http';
import { streamBody } from './streambody.mjs';

const WRITE_SIZE = 64 * 1024;
const DEFAULT_CHUNKS = 200000;

const bodies = new Map(); // N -> Buffer, built once per N
function bodyFor(n) {
  let body = bodies.get(n);
  if (!body) {
    body = streamBody(n);
    bodies.set(n, body);
  }
  return body;
}

function chunkCount(model) {
  const m = /^bench-(\d+)$/.exec(typeof model === 'string' ? model : '');
  return m ? Number(m[1]) : DEFAULT_CHUNKS;
}

function sendJson(res, status, value) {
  const text = JSON.stringify(value);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function stream(res, body) {
  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
  let offset = 0;
  const pump = () => {
    while (offset < body.length) {
      const end = Math.min(offset + WRITE_SIZE, body.length);
      const more = res.write(body.subarray(offset, end));
      offset = end;
      if (!more) {
        res.once('drain', pump);
        return;
      }
    }
    res.end();
  };
  pump();
}

function handle(req, res, raw) {
  const path = new URL(req.url, 'http://localhost').pathname.replace(/\/+$/, '');
  if (req.method === 'GET' && path.endsWith('/models')) {
    sendJson(res, 200, {
      object: 'list',
      data: [1, 1000, DEFAULT_CHUNKS].map((n) => ({
        id: `bench-${n}`, object: 'model', created: 1748000000, owned_by: 'confab-bench',
      })),
    });
    return;
  }
  if (req.method === 'POST' && path.endsWith('/chat/completions')) {
    let request;
    try {
      request = JSON.parse(raw);
    } catch {
      sendJson(res, 400, { error: { message: 'The body is not JSON.', type: 'invalid_request_error', code: null } });
      return;
    }
    const n = chunkCount(request.model);
    if (request.stream !== true) {
      sendJson(res, 400, { error: { message: 'This server only streams.', type: 'invalid_request_error', code: null } });
      return;
    }
    stream(res, bodyFor(n));
    return;
  }
  sendJson(res, 404, { error: { message: `No route for ${req.method} ${path}.`, type: 'invalid_request_error', code: null } });
}

if (process.argv[2] === '--body') {
  process.stdout.write(streamBody(Number(process.argv[3] ?? DEFAULT_CHUNKS)));
} else {
  const server = http.createServer((req, res) => {
    const parts = [];
    req.on('data', (d) => parts.push(d));
    req.on('end', () => handle(req, res, Buffer.concat(parts).toString('utf8')));
  });
  server.listen(Number(process.argv[2] ?? 0), '127.0.0.1', () => {
    console.log(server.address().port);
  });
  bodyFor(DEFAULT_CHUNKS); // build the usual body before the first request
}
