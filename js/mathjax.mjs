// SPDX-License-Identifier: GPL-3.0-or-later
// MathJax 3 for Confab's MathTypesetter (src/typeset): TeX in, SVG out, without a DOM (the lite
// adaptor). Bundled at build time (cmake/ConfabJs.cmake) for Qt 6.4's QJSEngine, which runs it
// on a thread of its own. One global function: confabTexToSvg.
import { mathjax } from 'mathjax-full/js/mathjax.js';
import { TeX } from 'mathjax-full/js/input/tex.js';
import { SVG } from 'mathjax-full/js/output/svg.js';
import { liteAdaptor } from 'mathjax-full/js/adaptors/liteAdaptor.js';
import { RegisterHTMLHandler } from 'mathjax-full/js/handlers/html.js';

// The TeX packages, imported here because nothing is loaded at run time. Left out: noerrors and
// noundefined (a mistake must come back as an error to show, not as red text in the image),
// require and autoload (they load files), html and action (ids, classes and clickable parts mean
// nothing in a picture).
import 'mathjax-full/js/input/tex/base/BaseConfiguration.js';
import 'mathjax-full/js/input/tex/ams/AmsConfiguration.js';
import 'mathjax-full/js/input/tex/amscd/AmsCdConfiguration.js';
import 'mathjax-full/js/input/tex/bbox/BboxConfiguration.js';
import 'mathjax-full/js/input/tex/boldsymbol/BoldsymbolConfiguration.js';
import 'mathjax-full/js/input/tex/braket/BraketConfiguration.js';
import 'mathjax-full/js/input/tex/bussproofs/BussproofsConfiguration.js';
import 'mathjax-full/js/input/tex/cancel/CancelConfiguration.js';
import 'mathjax-full/js/input/tex/cases/CasesConfiguration.js';
import 'mathjax-full/js/input/tex/centernot/CenternotConfiguration.js';
import 'mathjax-full/js/input/tex/color/ColorConfiguration.js';
import 'mathjax-full/js/input/tex/colortbl/ColortblConfiguration.js';
import 'mathjax-full/js/input/tex/configmacros/ConfigMacrosConfiguration.js';
import 'mathjax-full/js/input/tex/empheq/EmpheqConfiguration.js';
import 'mathjax-full/js/input/tex/enclose/EncloseConfiguration.js';
import 'mathjax-full/js/input/tex/extpfeil/ExtpfeilConfiguration.js';
import 'mathjax-full/js/input/tex/gensymb/GensymbConfiguration.js';
import 'mathjax-full/js/input/tex/mathtools/MathtoolsConfiguration.js';
import 'mathjax-full/js/input/tex/mhchem/MhchemConfiguration.js';
import 'mathjax-full/js/input/tex/newcommand/NewcommandConfiguration.js';
import 'mathjax-full/js/input/tex/textcomp/TextcompConfiguration.js';
import 'mathjax-full/js/input/tex/textmacros/TextMacrosConfiguration.js';
import 'mathjax-full/js/input/tex/unicode/UnicodeConfiguration.js';
import 'mathjax-full/js/input/tex/upgreek/UpgreekConfiguration.js';
import 'mathjax-full/js/input/tex/verb/VerbConfiguration.js';

const packages = [
    'base', 'ams', 'amscd', 'bbox', 'boldsymbol', 'braket', 'bussproofs', 'cancel', 'cases',
    'centernot', 'color', 'colortbl', 'configmacros', 'empheq', 'enclose', 'extpfeil', 'gensymb',
    'mathtools', 'mhchem', 'newcommand', 'textcomp', 'textmacros', 'unicode', 'upgreek', 'verb',
];

const adaptor = liteAdaptor();
RegisterHTMLHandler(adaptor);

class FormulaError extends Error {}

const tex = new TeX({
    packages,
    // A TeX error is thrown instead of drawn, so that the caller shows the source and the message.
    formatError: (jax, error) => {
        throw new FormulaError(error.message);
    },
});
// Each picture carries its own glyphs ('local'), shared within it through <use>, which Qt SVG draws.
const svg = new SVG({ fontCache: 'local' });
const document = mathjax.document('', { InputJax: tex, OutputJax: svg });

function ex(value) {
    const match = /^(-?[0-9.]+)ex$/.exec(value || '');
    return match ? parseFloat(match[1]) : NaN;
}

// The formula as an SVG document with its size in ex of the surrounding text (MathJax matches the
// math's x-height to the text's), and how far its baseline is above its bottom edge (depth, ex):
// {svg, width, height, depth}, or {error} when the TeX is wrong. Every call starts afresh:
// \newcommand and labels do not leak from one formula to the next.
function confabTexToSvg(source, display) {
    try {
        tex.parseOptions.tags.reset();
        const container = document.convert(String(source), { display: !!display });
        const root = adaptor.firstChild(container);
        // A tagged display equation spans the line ("100%"); its own width is its min-width.
        let width = ex(adaptor.getAttribute(root, 'width'));
        if (isNaN(width)) {
            width = ex(adaptor.getStyle(root, 'min-width'));
        }
        const height = ex(adaptor.getAttribute(root, 'height'));
        const depth = -ex(adaptor.getStyle(root, 'vertical-align') || '0ex');
        if (isNaN(width) || isNaN(height)) {
            return { error: 'MathJax gave no size for this formula.' };
        }
        return { svg: adaptor.outerHTML(root), width, height, depth: isNaN(depth) ? 0 : depth };
    } catch (error) {
        if (error instanceof FormulaError) {
            return { error: error.message };
        }
        throw error;
    }
}

globalThis.confabTexToSvg = confabTexToSvg;
