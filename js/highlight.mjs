// SPDX-License-Identifier: GPL-3.0-or-later
// Confab's entry to highlight.js (bundled by cmake/ConfabJs.cmake, run by CodeHighlighter in a
// QJSEngine of its own). It answers not HTML but runs over the plain code: the window colours the
// code's own text, so nothing from a reply ever reaches rich text.
import './qjsengine-compat.mjs';
import hljs from 'highlight.js';

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

// Collects runs as highlight.js reports scopes: [start, length, scope] with offsets in UTF-16
// code units of the code (as QString counts them) and, as the scope, the chain of nested scopes
// from outer to inner, space-separated ("meta string"), for the window to colour by the innermost
// one its palette knows.
class RunEmitter {
    constructor(options) {
        this.options = options;
        this.offset = 0;
        this.stack = [];
        this.runs = [];
    }

    push(start, length, chain) {
        const last = this.runs[this.runs.length - 1];
        if (last && last[2] === chain && last[0] + last[1] === start)
            last[1] += length;
        else
            this.runs.push([start, length, chain]);
    }

    addText(text) {
        if (!text)
            return;
        if (this.stack.length > 0)
            this.push(this.offset, text.length, this.stack[this.stack.length - 1]);
        this.offset += text.length;
    }

    startScope(scope) {
        const outer = this.stack[this.stack.length - 1];
        this.stack.push(outer ? outer + ' ' + scope : scope);
    }

    endScope() {
        this.stack.pop();
    }

    // The parser calls these too, as TokenTree's names for the same two steps.
    openNode(scope) {
        this.startScope(scope);
    }

    closeNode() {
        this.endScope();
    }

    // A language inside another (CSS in HTML, the shell in a session): its runs, moved to here.
    __addSublanguage(emitter, name) {
        const outer = this.stack[this.stack.length - 1];
        for (const [start, length, chain] of emitter.runs)
            this.push(this.offset + start, length, outer ? outer + ' ' + chain : chain);
        this.offset += emitter.offset;
    }

    finalize() {
        this.stack = [];
        return true;
    }

    toHTML() {
        return '';
    }
}

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

// The answer: the language used ('' when none), whether it was detected, and the runs flattened
// as [start, length, scopeIndex, …] over a table of scope chains (fewer values to convert).
function answer(result, detected) {
    if (result.errorRaised)
        throw new Error('highlight.js failed on ' + (result.language || 'the code') + ': ' + result.errorRaised.message);
    const scopes = [];
    const index = new Map();
    const runs = [];
    for (const [start, length, chain] of result._emitter.runs) {
        let at = index.get(chain);
        if (at === undefined) {
            at = scopes.length;
            index.set(chain, at);
            scopes.push(chain);
        }
        runs.push(start, length, at);
    }
    const language = result.language && result.language !== 'plaintext' ? result.language : '';
    return { language, detected, scopes, runs };
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
