// SPDX-License-Identifier: GPL-3.0-or-later
// Imported first by a bundle's entry, before the library it wraps runs: what Qt 6.4's engine
// (QJSEngine, V4) does differently from the engines highlight.js is written for. ScriptRunner's
// prelude already supplies globalThis and Object.isFrozen of a primitive.
import { characters as letter } from 'regenerate-unicode-properties/General_Category/Letter.js';
import { characters as punctuation } from 'regenerate-unicode-properties/General_Category/Punctuation.js';
import { characters as symbol } from 'regenerate-unicode-properties/General_Category/Symbol.js';
import { characters as xidContinue } from 'regenerate-unicode-properties/Binary_Property/XID_Continue.js';
import { characters as xidStart } from 'regenerate-unicode-properties/Binary_Property/XID_Start.js';

// 1. `__proto__: null` in an object literal is taken for a property of that name instead of the
// prototype, so highlight.js's frozen table of modes (`Object.freeze({ __proto__: null, … })`)
// has a null `__proto__` that its deepFreeze walks into and throws on. Objects frozen with such a
// property get the prototype the literal meant instead.
const freeze = Object.freeze;
const own = Object.prototype.hasOwnProperty;
Object.freeze = function (object) {
    if (object !== null && typeof object === 'object' && own.call(object, '__proto__')) {
        const prototype = object.__proto__;
        if (prototype === null || typeof prototype === 'object') {
            delete object.__proto__;
            Object.setPrototypeOf(object, prototype);
        }
    }
    return freeze(object);
};

// 2. Regular expressions with the `u` flag: Qt 6.4's engine finds no match past the first
// character (`new RegExp('x', 'u').exec('ax')` is null) and refuses Unicode property escapes
// (`\p{L}`, ECMAScript 2018), so Python's, HTML's and Haskell's grammars (the only ones with the
// flag) would colour nothing or not compile. esbuild turns literals with such escapes into
// `new RegExp(…)` calls for an ES2016 target, and highlight.js builds its matchers with
// `new RegExp` too: those calls get the escapes written out as the ranges they stand for (from the
// Unicode data Babel uses for the same job) and lose the flag. Only the ranges of the Basic
// Multilingual Plane: written as \uXXXX they mean the same without the flag, and no grammar needs
// a letter beyond it.
const properties = {
    L: letter,
    Letter: letter,
    P: punctuation,
    Punctuation: punctuation,
    S: symbol,
    Symbol: symbol,
    XID_Start: xidStart,
    XID_Continue: xidContinue,
};
const ranges = new Map(); // name → the ranges, without the brackets
function rangesOf(name) {
    if (!ranges.has(name)) {
        const set = properties[name];
        if (!set)
            return null;
        const bmp = set.clone().removeRange(0x10000, 0x10ffff);
        ranges.set(name, bmp.toString({ hasUnicodeFlag: true }).replace(/^\[|\]$/g, ''));
    }
    return ranges.get(name);
}

// Rewrites each \p{Name} (and \P{Name} outside a class) it knows; anything else is left for the
// engine to accept or refuse.
function writeOutProperties(source) {
    let out = '';
    let inClass = false;
    for (let i = 0; i < source.length; ++i) {
        const c = source[i];
        if (c === '\\') {
            const match = /^\\([pP])\{([A-Za-z_=]+)\}/.exec(source.slice(i, i + 64));
            const written = match && rangesOf(match[2]);
            if (written && (match[1] === 'p' || !inClass)) {
                out += inClass ? written : (match[1] === 'p' ? '[' : '[^') + written + ']';
                i += match[0].length - 1;
            } else {
                out += source.substr(i, 2);
                ++i;
            }
        } else {
            if (c === '[' && !inClass)
                inClass = true;
            else if (c === ']' && inClass)
                inClass = false;
            out += c;
        }
    }
    return out;
}

// 4. Sorting an array in place after unshift() leaves its first element where it was, so
// auto-detection (highlight.js puts plain text first, then sorts by relevance) always answered
// "plain text". Such arrays are sorted through a copy.
const nativeSort = Array.prototype.sort;
const probe = [2, 3];
probe.unshift(9);
nativeSort.call(probe, (a, b) => a - b);
if (probe[0] !== 2) {
    Array.prototype.sort = function (compare) {
        if (!Array.isArray(this))
            return nativeSort.call(this, compare);
        const sorted = nativeSort.call(Array.prototype.slice.call(this), compare);
        for (let i = 0; i < sorted.length; ++i)
            this[i] = sorted[i];
        return this;
    };
}

const NativeRegExp = RegExp;

// 3. A pattern's `source` has a backslash put before every slash, escaped already or not
// (/\/?>/.source is `\\/?>`, a backslash and then the slash), and highlight.js builds its
// matchers from sources: HTML's tags would never end. One backslash before each slash goes again,
// which leaves a correct source meaning the same.
const sourceOf = Object.getOwnPropertyDescriptor(NativeRegExp.prototype, 'source');
if (sourceOf && sourceOf.get && sourceOf.configurable && new NativeRegExp('\\/').source !== '\\/') {
    Object.defineProperty(NativeRegExp.prototype, 'source', {
        configurable: true,
        get: function () {
            return sourceOf.get.call(this).replace(/\\\//g, '/');
        },
    });
}

function CompatRegExp(pattern, flags) {
    if (typeof flags === 'string' && flags.indexOf('u') >= 0) {
        if (typeof pattern === 'string' && /\\[pP]\{/.test(pattern))
            pattern = writeOutProperties(pattern);
        flags = flags.replace('u', '');
    }
    return flags === undefined ? new NativeRegExp(pattern) : new NativeRegExp(pattern, flags);
}
CompatRegExp.prototype = NativeRegExp.prototype;
Object.setPrototypeOf(CompatRegExp, NativeRegExp);
let unicodeWorks = false;
try {
    unicodeWorks = new NativeRegExp('\\p{L}', 'u').test('a') && new NativeRegExp('x', 'u').exec('ax') !== null;
} catch (e) {
    unicodeWorks = false;
}
if (!unicodeWorks) // elsewhere (Node.js, a later Qt) the patterns stay as written
    globalThis.RegExp = CompatRegExp;
