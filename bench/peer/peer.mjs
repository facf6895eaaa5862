// SPDX-License-Identifier: GPL-3.0-or-later
// The benchmark's baseline: the official OpenAI Node SDK reading a streamed Chat Completions reply
// and joining its text, as an app would.
//
//   node peer.mjs BASE_URL MODEL [--verify]
//       End to end: streams MODEL from BASE_URL (key from OPENAI_API_KEY) and prints
//       "chunks=N chars=N"; --verify also compares the text with what bench-N must give.
//   node peer.mjs --in-process [CHUNKS] [RUNS] [PIECE_BYTES]
//       Without a network: feeds the same body, in 64 KiB pieces unless told, to the SDK's own decoder
//       (Stream.fromSSEResponse, which chat.completions.create uses) and prints CPU per chunk.
import OpenAI from 'openai';
import { Stream } from 'openai/streaming';
import { expectedText, streamBody } from '../streambody.mjs';


// What the app does with each chunk: keep the first choice's text.
async function joinText(stream) {
  let text = '';
  let chunks = 0;
  for await (const chunk of stream) {
    const content = chunk.choices[0]?.delta?.content;
    if (content) {
      text += content;
      chunks++;
    }
  }
  return { text, chunks };
}

function check(text, n) {
  if (text !== expectedText(n)) {
    console.error(`peer: the joined text is wrong (${text.length} chars, expected ${5 * n})`);
    process.exit(1);
  }
}

async function endToEnd(baseURL, model, verify) {
  const client = new OpenAI({ apiKey: process.env.OPENAI_API_KEY ?? 'sk-bench', baseURL, maxRetries: 0 });
  const stream = await client.chat.completions.create({
    model,
    stream: true,
    stream_options: { include_usage: true },
    messages: [{ role: 'user', content: 'x' }],
  });
  const { text, chunks } = await joinText(stream);
  if (verify) check(text, Number(/^bench-(\d+)$/.exec(model)?.[1] ?? 200000));
  console.log(`chunks=${chunks} chars=${text.length}`);
}

function bodyStream(body, pieceSize) {
  let offset = 0;
  return new ReadableStream({
    type: 'bytes',
    pull(controller) {
      if (offset >= body.length) {
        controller.close();
        return;
      }
      const end = Math.min(offset + pieceSize, body.length);
      // A copy, as each network read is fresh memory.
      controller.enqueue(new Uint8Array(body.subarray(offset, end)));
      offset = end;
    },
  });
}

async function inProcess(n, runs, pieceSize) {
  const body = streamBody(n);
  const perChunkNs = [];
  for (let run = 0; run < runs; run++) {
    const response = new Response(bodyStream(body, pieceSize), { headers: { 'content-type': 'text/event-stream' } });
    const before = process.cpuUsage();
    const { text, chunks } = await joinText(Stream.fromSSEResponse(response, new AbortController()));
    const used = process.cpuUsage(before);
    check(text, n);
    if (chunks !== n) throw new Error(`peer: ${chunks} chunks, expected ${n}`);
    perChunkNs.push(((used.user + used.system) * 1000) / n);
  }
  const sorted = [...perChunkNs].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)];
  console.log(`chunks=${n} bytes=${body.length} piece=${pieceSize} runs=${runs}`);
  console.log(`runs_ns_per_chunk=${perChunkNs.map((x) => x.toFixed(0)).join(',')}`);
  console.log(`best_ns_per_chunk=${sorted[0].toFixed(0)}`);
  console.log(`median_ns_per_chunk=${median.toFixed(0)}`);
}

const args = process.argv.slice(2);
if (args[0] === '--in-process') {
  await inProcess(Number(args[1] ?? 200000), Number(args[2] ?? 7), Number(args[3] ?? 65536));
} else if (args.length >= 2) {
  await endToEnd(args[0], args[1], args.includes('--verify'));
} else {
  console.error('usage: node peer.mjs BASE_URL MODEL [--verify] | node peer.mjs --in-process [CHUNKS] [RUNS]');
  process.exit(2);
}
