// SPDX-License-Identifier: GPL-3.0-or-later
// How Confab reads highlight.js: an emitter that collects runs instead of HTML, and the answer
// made of them. Shared by the bundle's entry (highlight.mjs) and the tests' reference run of
// highlight.js in Node.js (tests/typeset/highlight-reference.mjs).

// Collects runs as highlight.js reports scopes: [start, length, scope] with offsets in UTF-16
// code units of the code (as QString counts them) and, as the scope, the chain of nested scopes
// from outer to inner, space-separated ("meta string"), for the window to colour by the innermost
// one its palette knows.
export class RunEmitter {
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

// The answer: the language used ('' when none), whether it was detected, and the runs flattened
// as [start, length, scopeIndex, …] over a table of scope chains (fewer values to convert).
export function answer(result, detected) {
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

