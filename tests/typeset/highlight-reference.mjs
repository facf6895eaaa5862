// SPDX-License-Identifier: GPL-3.0-or-later
// tst_highlightparity's reference: Confab's highlight.js entry run by Node.js, where highlight.js
// runs as its authors test it (js/qjsengine-compat.mjs changes nothing there). Prints, as JSON,
// what every language makes of each sample and what detection makes of the detection samples.
import '../../js/highlight.mjs';

const samples = [
    '#include <stdio.h>\n// comment\n/* block */\nint main(int argc, char **argv) {\n  printf("hi %d\\n", 42);\n  return 0;\n}\n',
    "def f(x, y=3):\n    '''doc'''\n    return [i ** 2 for i in range(x)]  # sq\nclass Área(B):\n    @property\n    def v(self): return self._v\n",
    '<html><body class="x" id=\'y\'>&amp; text <!-- c --><script>var a = 1;</script><style>p { color: red; }</style></body></html>\n',
    "SELECT a, b FROM t WHERE c = 'x' AND d > 10; -- c\nlet x = `t ${y}`; const re = /ab+c/gi; x => x * 2;\n$var = @array; %hash; echo $HOME; if [ -f x ]; then ls; fi\n",
    'key: value\nlist:\n  - 1\n  - "two"\n[section]\nname = "x"\n{"a": [1, 2.5e3, true, null]}\n(define (sq x) (* x x)) ; lisp\n',
];
const detection = [
    '{\n  "name": "confab",\n  "version": "1.0.0",\n  "private": true\n}\n',
    '#include <iostream>\n#include <vector>\n\nint main() {\n    std::vector<int> v{1, 2, 3};\n    return 0;\n}\n',
    '<!DOCTYPE html>\n<html>\n  <head><title>Hi</title></head>\n  <body><p class="x">Hello</p></body>\n</html>\n',
    'import os\n\ndef main():\n    for name in os.listdir("."):\n        print(name)\n',
    'package main\n\nimport "fmt"\n\nfunc main() {\n\tfmt.Println("hi")\n}\n',
];

const cases = [];
for (const [id] of globalThis.confabLanguages()) {
    for (const code of samples)
        cases.push({ language: id, code, answer: globalThis.confabHighlight(id, code) });
}
for (const code of detection)
    cases.push({ language: '', code, answer: globalThis.confabHighlight('', code) });
process.stdout.write(JSON.stringify(cases));
