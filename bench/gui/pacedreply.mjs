// SPDX-License-Identifier: GPL-3.0-or-later
// A long markdown reply the way chat models write one, as the tokens it streams in: sections of
// a heading, paragraphs with inline code, bold, links and inline math, a list, a fenced code
// block, a table, display math and a quote, in words drawn from a seeded generator, so every run
// streams the same text.
const WORDS = ('the a of to and in is it that for on with as this by be are from at or an ' +
  'value list server request buffer thread window reply token stream cache query index table ' +
  'column render frame layout model parser socket message error retry timeout result record ' +
  'function object string number method class module config option default update delete ' +
  'insert select order group filter map reduce sort merge split join count total average').split(' ');
const LANGS = ['python', 'cpp', 'javascript', 'rust', 'sql', 'bash'];
const MATH = ['a^2 + b^2 = c^2', '\\frac{n(n+1)}{2}', '\\sum_{i=1}^{n} x_i', '\\sqrt{x^2 + y^2}',
  'e^{i\\pi} + 1 = 0', '\\int_0^1 x\\,dx'];

function random(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function section(next, n) {
  const pick = (list) => list[Math.floor(next() * list.length)];
  const words = (count) => Array.from({ length: count }, () => pick(WORDS)).join(' ');
  const sentence = () => {
    const w = words(8 + Math.floor(next() * 10));
    return w.charAt(0).toUpperCase() + w.slice(1) + '.';
  };
  const lang = pick(LANGS);
  const code = Array.from({ length: 6 + Math.floor(next() * 6) },
    (_, i) => `${'    '.repeat(i % 3)}${words(2).replace(/ /g, '_')} = ${words(3).replace(/ /g, '(')}${')'.repeat(2)}`);
  const rows = Array.from({ length: 4 }, () => `| ${words(2)} | ${Math.floor(next() * 1000)} | ${words(3)} |`);
  return [
    `## ${n}. ${words(4)}`,
    `${sentence()} The \`${words(1)}_${n}\` call is **${words(2)}**, see [the notes](https://example.org/${n}). ` +
      `Here $${pick(MATH)}$ holds. ${sentence()} ${sentence()}`,
    `- ${sentence()}\n- ${sentence()}\n  - ${sentence()}\n- ${sentence()}`,
    '```' + lang + '\n' + code.join('\n') + '\n```',
    `| Name | Count | Note |\n|------|------:|------|\n${rows.join('\n')}`,
    `$$\n${pick(MATH)}\n$$`,
    `> ${sentence()} ${sentence()}`,
    `${sentence()} ${sentence()} ${sentence()}`,
  ].join('\n\n') + '\n\n';
}

// The reply's first `count` tokens: pieces of at most six characters, a word or part of one with
// the space before it, as tokenizers cut English (about four characters on average).
export function pacedTokens(count, seed = 1) {
  const next = random(seed);
  const tokens = [];
  for (let n = 1; tokens.length < count; ++n) {
    for (const piece of section(next, n).match(/\s*[^\s]{1,6}|\s+/g)) {
      tokens.push(piece);
      if (tokens.length === count)
        break;
    }
  }
  return tokens;
}
