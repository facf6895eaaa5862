// SPDX-License-Identifier: GPL-3.0-or-later
// Languages, fence names and aliases, detection: what highlight.js makes of real code.
#include "tst_codehighlighter.h"

#include <QSet>

void TestCodeHighlighter::listsAtLeast150Languages()
{
    std::optional<QList<QStringList>> languages;
    QObject context;
    m_highlighter->listLanguages(&context,
                                 [&languages](const QList<QStringList> &list) { languages = list; });
    QTRY_VERIFY_WITH_TIMEOUT(languages.has_value(), timeout);
    QVERIFY2(languages->size() >= 150, qPrintable(QString::number(languages->size())));
    QSet<QString> ids;
    for (const QStringList &language : std::as_const(*languages)) {
        QVERIFY(language.size() >= 2); // [id, name, aliases…]
        ids.insert(language.constFirst());
    }
    for (const QString &id : {u"python"_s, u"cpp"_s, u"rust"_s, u"typescript"_s, u"sql"_s, u"bash"_s})
        QVERIFY2(ids.contains(id), qPrintable(id));
}

void TestCodeHighlighter::highlightsEachLanguage_data()
{
    QTest::addColumn<QString>("language");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("token");
    QTest::addColumn<QString>("scope"); // the token's scope, or one it is within
    struct Sample
    {
        const char *language;
        const char *code;
        const char *token;
        const char *scope;
    };
    // A snippet of each language, one of its tokens and the scope highlight.js gives it.
    const Sample samples[] = {
        {"python", "def area(r):\n    return 3.14 * r * r\n", "def", "keyword"},
        {"javascript", "const total = items.reduce((a, b) => a + b, 0);", "const", "keyword"},
        {"typescript", "interface Point { x: number; y: number }", "interface", "keyword"},
        {"c", "#include <stdio.h>\nint main(void) { return 0; }", "return", "keyword"},
        {"cpp", "template <typename T> T twice(T v) { return v * 2; }", "template", "keyword"},
        {"csharp", "public class Greeter { public string Name { get; set; } }", "public", "keyword"},
        {"java", "public static void main(String[] args) { System.out.println(\"hi\"); }", "\"hi\"",
         "string"},
        {"go", "package main\n\nfunc main() { fmt.Println(\"hi\") }", "func", "keyword"},
        {"rust", "fn main() { let x: i32 = 5; println!(\"{}\", x); }", "fn", "keyword"},
        {"kotlin", "fun greet(name: String) = \"Hello, $name\"", "fun", "keyword"},
        {"swift", "func greet(_ name: String) -> String { return \"Hi\" }", "func", "keyword"},
        {"ruby", "def greet(name)\n  puts \"Hello #{name}\"\nend", "def", "keyword"},
        {"php", "<?php\nfunction greet($name) { echo \"Hi\"; }", "function", "keyword"},
        {"bash", "#!/bin/bash\nfor f in *.txt; do echo \"$f\"; done", "for", "keyword"},
        {"sql", "SELECT name, count(*) FROM users WHERE age > 30 GROUP BY name;", "SELECT", "keyword"},
        {"yaml", "name: build\non:\n  push:\n    branches: [main]", "name", "attr"},
        {"json", "{\"name\": \"confab\", \"version\": 1}", "\"name\"", "attr"},
        {"xml", "<note><to>Tove</to></note>", "note", "name"},
        {"css", "body { color: #333; margin: 0 }", "body", "selector-tag"},
        {"scss", "$primary: #333;\n.nav { color: $primary; }", ".nav", "selector-class"},
        {"lua", "local function add(a, b) return a + b end", "local", "keyword"},
        {"perl", "my $name = 'world';\nprint \"Hello, $name\\n\";", "my", "keyword"},
        {"haskell", "main :: IO ()\nmain = putStrLn \"hello\"", "\"hello\"", "string"},
        {"scala", "object Main { def main(args: Array[String]): Unit = println(\"hi\") }", "object",
         "keyword"},
        {"dart", "void main() { var name = 'Bob'; print(name); }", "var", "keyword"},
        {"r", "x <- c(1, 2, 3)\nmean(x)", "1", "number"},
        {"elixir", "defmodule Math do\n  def sum(a, b), do: a + b\nend", "defmodule", "keyword"},
        {"erlang", "-module(hello).\nhello() -> io:format(\"hi~n\").", "\"hi~n\"", "string"},
        {"clojure", "(defn greet [name] (str \"Hello, \" name))", "defn", "keyword"},
        {"lisp", "(defun square (x) (* x x))", "defun", "name"},
        {"scheme", "(define (square x) (* x x))", "define", "built_in"},
        {"dockerfile", "FROM debian:12\nRUN apt-get update", "FROM", "keyword"},
        {"makefile", "all: main.o\n\tcc -o app main.o", "all", "section"},
        {"cmake", "cmake_minimum_required(VERSION 3.21)\nproject(Confab)", "project", "keyword"},
        {"ini", "[server]\nport = 8080", "[server]", "section"},
        {"diff", "--- a/x\n+++ b/x\n@@ -1 +1 @@\n-old\n+new", "+new", "addition"},
        {"markdown", "# Title\n\nSome *text*.", "# Title", "section"},
        {"latex", "\\begin{document}\nHello\n\\end{document}", "\\begin", "keyword"},
        {"powershell", "Get-ChildItem -Path C:\\ | Where-Object { $_.Length -gt 1kb }", "Get-ChildItem",
         "built_in"},
        {"dos", "@echo off\nset NAME=world\necho Hello %NAME%", "echo", "built_in"},
        {"objectivec", "@interface Greeter : NSObject\n@end", "@interface", "keyword"},
        {"fsharp", "let square x = x * x", "let", "keyword"},
        {"ocaml", "let rec fact n = if n = 0 then 1 else n * fact (n - 1)", "let", "keyword"},
        {"julia", "function add(x, y)\n    return x + y\nend", "function", "keyword"},
        {"fortran", "program hello\n  print *, 'Hello'\nend program hello", "program", "keyword"},
        {"vbnet", "Dim total As Integer = 0", "Dim", "keyword"},
        {"groovy", "def name = 'world'\nprintln \"Hello $name\"", "def", "keyword"},
        {"protobuf", "syntax = \"proto3\";\nmessage Point { int32 x = 1; }", "message", "keyword"},
        {"graphql", "query { user(id: 1) { name } }", "query", "keyword"},
        {"nginx", "server {\n  listen 80;\n}", "listen", "attribute"},
        {"x86asm", "mov eax, 1\nret", "mov", "keyword"},
        {"verilog", "module counter(input clk); endmodule", "module", "keyword"},
        {"vhdl", "entity counter is end counter;", "entity", "keyword"},
        {"tcl", "proc greet {name} { puts \"Hello $name\" }", "proc", "keyword"},
        {"elm", "main = text \"Hello\"", "\"Hello\"", "string"},
        {"nix", "{ pkgs ? import <nixpkgs> {} }: pkgs.hello", "import", "built_in"},
        {"wasm", "(module (func $add (param i32 i32) (result i32)))", "module", "keyword"},
        {"matlab", "function y = square(x)\n  y = x.^2;\nend", "function", "keyword"},
        {"awk", "BEGIN { print \"start\" }", "BEGIN", "keyword"},
        {"crystal", "def greet(name)\n  puts \"Hi #{name}\"\nend", "def", "keyword"},
        {"d", "import std.stdio;\nvoid main() { writeln(\"hi\"); }", "import", "keyword"},
        {"prolog", "parent(tom, bob).\n% a comment", "% a comment", "comment"},
        {"glsl", "void main() { gl_FragColor = vec4(1.0); }", "void", "type"},
        {"qml", "import QtQuick\nRectangle { width: 100 }", "import", "keyword"},
    };
    for (const Sample &sample : samples)
        QTest::newRow(sample.language) << QString::fromUtf8(sample.language) << QString::fromUtf8(sample.code)
                                       << QString::fromUtf8(sample.token) << QString::fromUtf8(sample.scope);
}

void TestCodeHighlighter::highlightsEachLanguage()
{
    QFETCH(QString, language);
    QFETCH(QString, code);
    QFETCH(QString, token);
    QFETCH(QString, scope);
    const CodeHighlight highlight = highlightAndWait(*m_highlighter, language, code);
    QVERIFY(!highlight.failed);
    QCOMPARE(highlight.language, language);
    QVERIFY(!highlight.detected);
    QCOMPARE(highlight.length, code.size());
    const QStringList chain = scopesAt(highlight, code, token);
    const bool found = std::any_of(chain.cbegin(), chain.cend(), [&scope](const QString &s) {
        return s == scope || s.startsWith(scope + u'.');
    });
    QVERIFY2(found, qPrintable(u"%1 is %2"_s.arg(token, chain.join(u' '))));
}

void TestCodeHighlighter::fenceNamesAndAliases_data()
{
    QTest::addColumn<QString>("fence");
    QTest::addColumn<QString>("language");
    const QList<std::pair<const char *, const char *>> names{
        {"js", "javascript"},
        {"jsx", "javascript"},
        {"javascript", "javascript"},
        {"py", "python"},
        {"python3", "python"},
        {"Python", "python"},
        {"sh", "bash"},
        {"bash", "bash"},
        {"zsh", "bash"},
        {"shell", "bash"},
        {"console", "shell"},
        {"c++", "cpp"},
        {"cpp", "cpp"},
        {"hpp", "cpp"},
        {"c", "c"},
        {"h", "c"},
        {"ts", "typescript"},
        {"tsx", "typescript"},
        {"yaml", "yaml"},
        {"yml", "yaml"},
        {"rs", "rust"},
        {"golang", "go"},
        {"go", "go"},
        {"html", "xml"},
        {"svg", "xml"},
        {"vue", "xml"},
        {"c#", "csharp"},
        {"cs", "csharp"},
        {"kt", "kotlin"},
        {"rb", "ruby"},
        {"ps1", "powershell"},
        {"bat", "dos"},
        {"objc", "objectivec"},
        {"md", "markdown"},
        {"toml", "ini"},
        {"docker", "dockerfile"},
        {"json", "json"},
        {"diff", "diff"},
        {"patch", "diff"},
        {"tex", "latex"},
        {"python {.numberLines}", "python"},
    };
    for (const auto &[fence, language] : names)
        QTest::newRow(fence) << QString::fromUtf8(fence) << QString::fromUtf8(language);
}

void TestCodeHighlighter::fenceNamesAndAliases()
{
    QFETCH(QString, fence);
    QFETCH(QString, language);
    const QString code = u"x = 1\n"_s;
    QCOMPARE(highlightAndWait(*m_highlighter, fence, code).language, language);
}

void TestCodeHighlighter::detectsTheLanguageOfAnUnlabelledFence_data()
{
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("language");
    QTest::newRow("json")
        << u"{\n  \"name\": \"confab\",\n  \"version\": \"1.0.0\",\n  \"private\": true\n}\n"_s << u"json"_s;
    QTest::newRow("cpp")
        << u"#include <iostream>\n#include <vector>\n\nint main() {\n    std::vector<int> v{1, 2, 3};\n"
           "    for (auto x : v) std::cout << x << std::endl;\n    return 0;\n}\n"_s
        << u"cpp"_s;
    QTest::newRow("bash") << u"#!/bin/bash\nset -euo pipefail\nfor f in *.log; do\n  gzip \"$f\"\ndone\n"_s
                          << u"bash"_s;
    QTest::newRow("html") << u"<!DOCTYPE html>\n<html>\n  <head><title>Hi</title></head>\n"
                             "  <body><p class=\"x\">Hello</p></body>\n</html>\n"_s
                          << u"xml"_s;
    QTest::newRow("rust")
        << u"use std::collections::HashMap;\n\nfn main() {\n    let mut map: HashMap<&str, i32> = "
           "HashMap::new();\n    map.insert(\"a\", 1);\n    println!(\"{:?}\", map);\n}\n"_s
        << u"rust"_s;
    QTest::newRow("go") << u"package main\n\nimport \"fmt\"\n\nfunc main() {\n\tch := make(chan int)\n"
                           "\tgo func() { ch <- 1 }()\n\tfmt.Println(<-ch)\n}\n"_s
                        << u"go"_s;
    QTest::newRow("dockerfile") << u"FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements.txt .\n"
                                   "RUN pip install -r requirements.txt\nCMD [\"python\", \"app.py\"]\n"_s
                                << u"dockerfile"_s;
    QTest::newRow("diff") << u"--- a/app.py\n+++ b/app.py\n@@ -1,3 +1,3 @@\n-print('old')\n+print('new')\n"_s
                          << u"diff"_s;
}

void TestCodeHighlighter::detectsTheLanguageOfAnUnlabelledFence()
{
    QFETCH(QString, code);
    QFETCH(QString, language);
    const CodeHighlight highlight = highlightAndWait(*m_highlighter, {}, code);
    QCOMPARE(highlight.language, language);
    QVERIFY(highlight.detected);
    QVERIFY(!highlight.runs.isEmpty());
}

void TestCodeHighlighter::runsCoverTheCodeInUtf16Offsets()
{
    // Characters outside the BMP take two UTF-16 units in QString and in JavaScript alike.
    const QString code = u"s = \"\U0001F600 é\"  # comment\nreturn 1\n"_s;
    const CodeHighlight highlight = highlightAndWait(*m_highlighter, u"python"_s, code);
    QCOMPARE(scopesAt(highlight, code, u"# comment"_s), QStringList{u"comment"_s});
    const qsizetype commentAt = code.indexOf(u"# comment"_s);
    const auto comment =
        std::find_if(highlight.runs.cbegin(), highlight.runs.cend(),
                     [commentAt](const CodeHighlight::Run &run) { return run.start == commentAt; });
    QVERIFY(comment != highlight.runs.cend());
    QCOMPARE(code.mid(comment->start, comment->length), u"# comment"_s);
    QCOMPARE(scopesAt(highlight, code, u"return"_s), QStringList{u"keyword"_s});
    qsizetype end = 0;
    for (const CodeHighlight::Run &run : highlight.runs) {
        QVERIFY(run.start >= end && run.length > 0);
        end = run.start + run.length;
    }
    QVERIFY(end <= code.size());
}
