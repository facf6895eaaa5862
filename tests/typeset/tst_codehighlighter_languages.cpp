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
    QTest::newRow("python") << u"python"_s << u"def area(r):\n    return 3.14 * r * r\n"_s << u"def"_s
                            << u"keyword"_s;
    QTest::newRow("javascript") << u"javascript"_s << u"const total = items.reduce((a, b) => a + b, 0);"_s
                                << u"const"_s << u"keyword"_s;
    QTest::newRow("typescript") << u"typescript"_s << u"interface Point { x: number; y: number }"_s
                                << u"interface"_s << u"keyword"_s;
    QTest::newRow("c") << u"c"_s << u"#include <stdio.h>\nint main(void) { return 0; }"_s << u"return"_s
                       << u"keyword"_s;
    QTest::newRow("cpp") << u"cpp"_s << u"template <typename T> T twice(T v) { return v * 2; }"_s
                         << u"template"_s << u"keyword"_s;
    QTest::newRow("csharp") << u"csharp"_s << u"public class Greeter { public string Name { get; set; } }"_s
                            << u"public"_s << u"keyword"_s;
    QTest::newRow("java") << u"java"_s
                          << u"public static void main(String[] args) { System.out.println(\"hi\"); }"_s
                          << u"\"hi\""_s << u"string"_s;
    QTest::newRow("go") << u"go"_s << u"package main\n\nfunc main() { fmt.Println(\"hi\") }"_s << u"func"_s
                        << u"keyword"_s;
    QTest::newRow("rust") << u"rust"_s << u"fn main() { let x: i32 = 5; println!(\"{}\", x); }"_s << u"fn"_s
                          << u"keyword"_s;
    QTest::newRow("kotlin") << u"kotlin"_s << u"fun greet(name: String) = \"Hello, $name\""_s << u"fun"_s
                            << u"keyword"_s;
    QTest::newRow("swift") << u"swift"_s << u"func greet(_ name: String) -> String { return \"Hi\" }"_s
                           << u"func"_s << u"keyword"_s;
    QTest::newRow("ruby") << u"ruby"_s << u"def greet(name)\n  puts \"Hello #{name}\"\nend"_s << u"def"_s
                          << u"keyword"_s;
    QTest::newRow("php") << u"php"_s << u"<?php\nfunction greet($name) { echo \"Hi\"; }"_s << u"function"_s
                         << u"keyword"_s;
    QTest::newRow("bash") << u"bash"_s << u"#!/bin/bash\nfor f in *.txt; do echo \"$f\"; done"_s << u"for"_s
                          << u"keyword"_s;
    QTest::newRow("sql") << u"sql"_s << u"SELECT name, count(*) FROM users WHERE age > 30 GROUP BY name;"_s
                         << u"SELECT"_s << u"keyword"_s;
    QTest::newRow("yaml") << u"yaml"_s << u"name: build\non:\n  push:\n    branches: [main]"_s << u"name"_s
                          << u"attr"_s;
    QTest::newRow("json") << u"json"_s << u"{\"name\": \"confab\", \"version\": 1}"_s << u"\"name\""_s
                          << u"attr"_s;
    QTest::newRow("xml") << u"xml"_s << u"<note><to>Tove</to></note>"_s << u"note"_s << u"name"_s;
    QTest::newRow("css") << u"css"_s << u"body { color: #333; margin: 0 }"_s << u"body"_s
                         << u"selector-tag"_s;
    QTest::newRow("scss") << u"scss"_s << u"$primary: #333;\n.nav { color: $primary; }"_s << u".nav"_s
                          << u"selector-class"_s;
    QTest::newRow("lua") << u"lua"_s << u"local function add(a, b) return a + b end"_s << u"local"_s
                         << u"keyword"_s;
    QTest::newRow("perl") << u"perl"_s << u"my $name = 'world';\nprint \"Hello, $name\\n\";"_s << u"my"_s
                          << u"keyword"_s;
    QTest::newRow("haskell") << u"haskell"_s << u"main :: IO ()\nmain = putStrLn \"hello\""_s
                             << u"\"hello\""_s << u"string"_s;
    QTest::newRow("scala") << u"scala"_s
                           << u"object Main { def main(args: Array[String]): Unit = println(\"hi\") }"_s
                           << u"object"_s << u"keyword"_s;
    QTest::newRow("dart") << u"dart"_s << u"void main() { var name = 'Bob'; print(name); }"_s << u"var"_s
                          << u"keyword"_s;
    QTest::newRow("r") << u"r"_s << u"x <- c(1, 2, 3)\nmean(x)"_s << u"1"_s << u"number"_s;
    QTest::newRow("elixir") << u"elixir"_s << u"defmodule Math do\n  def sum(a, b), do: a + b\nend"_s
                            << u"defmodule"_s << u"keyword"_s;
    QTest::newRow("erlang") << u"erlang"_s << u"-module(hello).\nhello() -> io:format(\"hi~n\")."_s
                            << u"\"hi~n\""_s << u"string"_s;
    QTest::newRow("clojure") << u"clojure"_s << u"(defn greet [name] (str \"Hello, \" name))"_s << u"defn"_s
                             << u"keyword"_s;
    QTest::newRow("lisp") << u"lisp"_s << u"(defun square (x) (* x x))"_s << u"defun"_s << u"name"_s;
    QTest::newRow("scheme") << u"scheme"_s << u"(define (square x) (* x x))"_s << u"define"_s
                            << u"built_in"_s;
    QTest::newRow("dockerfile") << u"dockerfile"_s << u"FROM debian:12\nRUN apt-get update"_s << u"FROM"_s
                                << u"keyword"_s;
    QTest::newRow("makefile") << u"makefile"_s << u"all: main.o\n\tcc -o app main.o"_s << u"all"_s
                              << u"section"_s;
    QTest::newRow("cmake") << u"cmake"_s << u"cmake_minimum_required(VERSION 3.21)\nproject(Confab)"_s
                           << u"project"_s << u"keyword"_s;
    QTest::newRow("ini") << u"ini"_s << u"[server]\nport = 8080"_s << u"[server]"_s << u"section"_s;
    QTest::newRow("diff") << u"diff"_s << u"--- a/x\n+++ b/x\n@@ -1 +1 @@\n-old\n+new"_s << u"+new"_s
                          << u"addition"_s;
    QTest::newRow("markdown") << u"markdown"_s << u"# Title\n\nSome *text*."_s << u"# Title"_s
                              << u"section"_s;
    QTest::newRow("latex") << u"latex"_s << u"\\begin{document}\nHello\n\\end{document}"_s << u"\\begin"_s
                           << u"keyword"_s;
    QTest::newRow("powershell") << u"powershell"_s
                                << u"Get-ChildItem -Path C:\\ | Where-Object { $_.Length -gt 1kb }"_s
                                << u"Get-ChildItem"_s << u"built_in"_s;
    QTest::newRow("dos") << u"dos"_s << u"@echo off\nset NAME=world\necho Hello %NAME%"_s << u"echo"_s
                         << u"built_in"_s;
    QTest::newRow("objectivec") << u"objectivec"_s << u"@interface Greeter : NSObject\n@end"_s
                                << u"@interface"_s << u"keyword"_s;
    QTest::newRow("fsharp") << u"fsharp"_s << u"let square x = x * x"_s << u"let"_s << u"keyword"_s;
    QTest::newRow("ocaml") << u"ocaml"_s << u"let rec fact n = if n = 0 then 1 else n * fact (n - 1)"_s
                           << u"let"_s << u"keyword"_s;
    QTest::newRow("julia") << u"julia"_s << u"function add(x, y)\n    return x + y\nend"_s << u"function"_s
                           << u"keyword"_s;
    QTest::newRow("fortran") << u"fortran"_s << u"program hello\n  print *, 'Hello'\nend program hello"_s
                             << u"program"_s << u"keyword"_s;
    QTest::newRow("vbnet") << u"vbnet"_s << u"Dim total As Integer = 0"_s << u"Dim"_s << u"keyword"_s;
    QTest::newRow("groovy") << u"groovy"_s << u"def name = 'world'\nprintln \"Hello $name\""_s << u"def"_s
                            << u"keyword"_s;
    QTest::newRow("protobuf") << u"protobuf"_s << u"syntax = \"proto3\";\nmessage Point { int32 x = 1; }"_s
                              << u"message"_s << u"keyword"_s;
    QTest::newRow("graphql") << u"graphql"_s << u"query { user(id: 1) { name } }"_s << u"query"_s
                             << u"keyword"_s;
    QTest::newRow("nginx") << u"nginx"_s << u"server {\n  listen 80;\n}"_s << u"listen"_s << u"attribute"_s;
    QTest::newRow("x86asm") << u"x86asm"_s << u"mov eax, 1\nret"_s << u"mov"_s << u"keyword"_s;
    QTest::newRow("verilog") << u"verilog"_s << u"module counter(input clk); endmodule"_s << u"module"_s
                             << u"keyword"_s;
    QTest::newRow("vhdl") << u"vhdl"_s << u"entity counter is end counter;"_s << u"entity"_s << u"keyword"_s;
    QTest::newRow("tcl") << u"tcl"_s << u"proc greet {name} { puts \"Hello $name\" }"_s << u"proc"_s
                         << u"keyword"_s;
    QTest::newRow("elm") << u"elm"_s << u"main = text \"Hello\""_s << u"\"Hello\""_s << u"string"_s;
    QTest::newRow("nix") << u"nix"_s << u"{ pkgs ? import <nixpkgs> {} }: pkgs.hello"_s << u"import"_s
                         << u"built_in"_s;
    QTest::newRow("wasm") << u"wasm"_s << u"(module (func $add (param i32 i32) (result i32)))"_s
                          << u"module"_s << u"keyword"_s;
    QTest::newRow("matlab") << u"matlab"_s << u"function y = square(x)\n  y = x.^2;\nend"_s << u"function"_s
                            << u"keyword"_s;
    QTest::newRow("awk") << u"awk"_s << u"BEGIN { print \"start\" }"_s << u"BEGIN"_s << u"keyword"_s;
    QTest::newRow("crystal") << u"crystal"_s << u"def greet(name)\n  puts \"Hi #{name}\"\nend"_s << u"def"_s
                             << u"keyword"_s;
    QTest::newRow("d") << u"d"_s << u"import std.stdio;\nvoid main() { writeln(\"hi\"); }"_s << u"import"_s
                       << u"keyword"_s;
    QTest::newRow("prolog") << u"prolog"_s << u"parent(tom, bob).\n% a comment"_s << u"% a comment"_s
                            << u"comment"_s;
    QTest::newRow("glsl") << u"glsl"_s << u"void main() { gl_FragColor = vec4(1.0); }"_s << u"void"_s
                          << u"type"_s;
    QTest::newRow("qml") << u"qml"_s << u"import QtQuick\nRectangle { width: 100 }"_s << u"import"_s
                         << u"keyword"_s;
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
