// SPDX-License-Identifier: GPL-3.0-or-later
// What tst_scriptworker runs: plain functions on globalThis, as a bundle defines them.
globalThis.add = function (a, b) { return a + b; };
globalThis.describe = function (value) {
    return { type: typeof value, keys: Object.keys(value).sort(), frozen: Object.isFrozen(null) };
};
globalThis.fail = function (message) { throw new Error(message); };
globalThis.spin = function () { for (;;) {} };
globalThis.calls = 0;
globalThis.count = function () { return ++globalThis.calls; };
globalThis.noisy = function () { console.warn('secret'); return 'quiet'; };
