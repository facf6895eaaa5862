// SPDX-License-Identifier: GPL-3.0-or-later
// A highlighter bundle that fails as a broken one would (tst_codehighlighter).
globalThis.confabHighlight = function () { throw new Error('the grammar broke'); };
globalThis.confabLanguages = function () { throw new Error('no languages'); };
