// SPDX-License-Identifier: GPL-3.0-or-later
// Confab's entry to highlight.js (bundled by cmake/ConfabJs.cmake, run by CodeHighlighter in a
// QJSEngine of its own). It answers not HTML but runs over the plain code: the window colours the
// code's own text, so nothing from a reply ever reaches rich text.
import './qjsengine-compat.mjs';
import hljs from 'highlight.js';

import { RunEmitter, answer } from './highlight-runs.mjs';

// Fence names people write that highlight.js knows by another name (or, for `shell`, as a
// session with prompts where a fence usually holds a script).
const extraAliases = {
    shell: 'bash',
    py3: 'python',
    python3: 'python',
    golang: 'go',
    'objective-c': 'objectivec',
    'c#': 'csharp',
    'f#': 'fsharp',
    text: 'plaintext',
    txt: 'plaintext',
    plain: 'plaintext',
    vue: 'xml',
    svelte: 'xml',
};

// Auto-detection weighs every language it is given, so an unlabelled fence is compared with the
// languages replies are mostly written in: highlight.js's own "common" set less three that won on
// other languages' samples (php-template on HTML, vbnet, wasm), and a few more. Against all ~190 it
// was four times slower and wrong on 8 of 18 samples, against these right on 16 (README).
const detectable = [
    'bash', 'c', 'cpp', 'csharp', 'css', 'diff', 'go', 'graphql', 'ini', 'java', 'javascript',
    'json', 'kotlin', 'less', 'lua', 'makefile', 'markdown', 'objectivec', 'perl', 'php',
    'plaintext', 'python', 'python-repl', 'r', 'ruby', 'rust', 'scss', 'shell', 'sql', 'swift',
    'typescript', 'xml', 'yaml', 'dockerfile', 'powershell', 'haskell', 'scala', 'elixir', 'latex',
    'nginx', 'protobuf', 'cmake',
];
// The language is told from the code's start: a long block costs one highlighting, not forty.
const detectFrom = 2000;

hljs.configure({ __emitter: RunEmitter, ignoreUnescapedHTML: true, throwUnescapedHTML: false });

function resolve(name) {
    const key = String(name || '').trim().split(/\s+/)[0].replace(/^[.{]+/, '').toLowerCase();
    if (!key)
        return '';
    const named = extraAliases[key] || key;
    const language = hljs.getLanguage(named);
    if (!language)
        return '';
    // The language's own id, whatever alias named it.
    return hljs.listLanguages().find((id) => hljs.getLanguage(id) === language) || '';
}

const ids = new Map();
function languageId(name) {
    if (!ids.has(name)) {
        if (ids.size > 1000) // fence names come from replies: keep the memo small
            ids.clear();
        ids.set(name, resolve(name));
    }
    return ids.get(name);
}

// Highlights `code` as the fence's `language` (a name or an alias); an empty name detects the
// language, a name highlight.js does not know leaves the code plain.
globalThis.confabHighlight = function (language, code) {
    const text = String(code);
    if (!String(language || '').trim()) {
        const guess = hljs.highlightAuto(text.slice(0, detectFrom), detectable);
        if (text.length <= detectFrom || !guess.language || guess.language === 'plaintext')
            return answer(guess, true);
        return answer(hljs.highlight(text, { language: guess.language, ignoreIllegals: true }), true);
    }
    const id = languageId(language);
    if (!id)
        return { language: '', detected: false, scopes: [], runs: [] };
    return answer(hljs.highlight(text, { language: id, ignoreIllegals: true }), false);
};

// The language a fence name stands for ('' if none).
globalThis.confabResolveLanguage = function (name) {
    return languageId(name);
};

// Every language, as [id, its name, its aliases…].
globalThis.confabLanguages = function () {
    return hljs.listLanguages().map((id) => {
        const language = hljs.getLanguage(id);
        return [id, language.name || id].concat(language.aliases || []);
    });
};
