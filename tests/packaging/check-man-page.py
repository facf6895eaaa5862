#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Checks a man page against the executable it documents: groff formats it without a warning,
and every option (--name, -x) and environment variable that the executable's --help output
names, for the program and for each of its commands, is in the page, as is every exit code it
lists (as a `.B CODE` entry of EXIT STATUS).

Usage: check-man-page.py PAGE EXECUTABLE [COMMAND...]
  A COMMAND with spaces ("debug sse") is several words; each is asked for COMMAND --help.
"""
import os
import re
import subprocess
import sys


def fail(message):
    sys.exit(f"check-man-page.py: {message}")


def help_text(executable, words):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", COLUMNS="100")
    result = subprocess.run([executable, *words, "--help"], capture_output=True, text=True,
                            env=env, timeout=60)
    if result.returncode != 0:
        fail(f"'{' '.join([executable, *words])} --help' exited with {result.returncode}: "
             f"{result.stderr.strip()}")
    return result.stdout


def main():
    page_path, executable, commands = sys.argv[1], sys.argv[2], sys.argv[3:]
    with open(page_path, encoding="utf-8") as f:
        page = f.read()

    groff = subprocess.run(["groff", "-man", "-ww", "-z", "-Tutf8", page_path],
                           capture_output=True, text=True)
    if groff.returncode != 0 or groff.stderr.strip():
        fail(f"groff warns about {page_path}: {groff.stderr.strip()}")

    # In troff, a minus is written \- ; the page is compared as the reader sees it.
    plain = page.replace("\\-", "-").replace("\\fB", "").replace("\\fI", "").replace("\\fR", "")
    missing = []
    checked = 0
    for words in [[]] + [command.split() for command in commands]:
        text = help_text(executable, words)
        names = set(re.findall(r"(?<![\w-])(--[a-z][a-z0-9-]*|-[a-zA-Z])\b", text))
        names |= set(re.findall(r"\b([A-Z][A-Z0-9]*_[A-Z0-9_]+)\b", text))
        codes = re.findall(r"(?m)^\s+(\d+)  +\S", text.partition("Exit codes:")[2].partition("\n\n")[0])
        for code in codes:
            checked += 1
            if not re.search(r"(?m)^\.B " + code + r"\s*$", page):
                missing.append(f"exit code {code}")
        for name in sorted(names):
            checked += 1
            if not re.search(r"(?<![\w-])" + re.escape(name) + r"(?![\w-])", plain):
                missing.append(f"{name} (from '{' '.join([os.path.basename(executable), *words])} --help')")
    if missing:
        fail(f"{page_path} does not mention: " + ", ".join(dict.fromkeys(missing)))
    print(f"{os.path.basename(page_path)}: formats cleanly and covers the {checked} names in --help")


if __name__ == "__main__":
    main()
