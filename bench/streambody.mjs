// SPDX-License-Identifier: GPL-3.0-or-later
// The body of the benchmark's streamed reply, shared by the server and the in-process SDK peer.
// bench_stream.cpp builds the same bytes in C++; `node streamserver.mjs --body N` prints them so
// the two can be compared.

// One chunk as the Chat Completions API sends it, about 240 bytes of JSON.
function event(fields) {
  return `data: ${JSON.stringify({
    id: 'chatcmpl-BdAXk3fW9qZ2LmN7rT4vY8uE1oPsH',
    object: 'chat.completion.chunk',
    created: 1748000000,
    model: 'bench',
    ...fields,
  })}\n\n`;
}

function contentEvent(delta, finishReason) {
  return event({
    system_fingerprint: 'fp_bench',
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
  });
}

// The text the N content chunks join into.
export function expectedText(n) {
  let text = '';
  for (let i = 0; i < n; i++) text += `tok${i % 10} `;
  return text;
}

// A role chunk, N content chunks `tok{i%10} `, a finish chunk, a usage chunk and [DONE].
export function streamBody(n) {
  const parts = [contentEvent({ role: 'assistant', content: '', refusal: null }, null)];
  for (let i = 0; i < n; i++) parts.push(contentEvent({ content: `tok${i % 10} ` }, null));
  parts.push(contentEvent({}, 'stop'));
  parts.push(event({
    system_fingerprint: 'fp_bench',
    choices: [],
    usage: { prompt_tokens: 9, completion_tokens: n, total_tokens: n + 9 },
  }));
  parts.push('data: [DONE]\n\n');
  return Buffer.from(parts.join(''), 'utf8');
}
