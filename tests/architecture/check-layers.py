#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The libraries' layering, checked from the sources: each library under src/ links only the
libraries docs/architecture.md says it may use, the links form no cycle, every quoted include
of a library's file is found in that library or one it reaches, and the console companion links
no Qt Gui or Qml. Exits non-zero, naming each breach."""
import pathlib
import re
import sys

root = pathlib.Path(sys.argv[1])
problems = []

# What CMake says: src/<dir>/CMakeLists.txt makes confab_<dir> and links it to others.
linked = {}
folders = {}
for cmake in sorted(root.glob('src/*/CMakeLists.txt')):
    text = cmake.read_text()
    name = re.search(r'qt_add_library\((confab_\w+)', text).group(1)
    links = re.search(r'target_link_libraries\(%s\s+([^)]*)\)' % name, text)
    linked[name] = set(re.findall(r'\bconfab_\w+', links.group(1))) if links else set()
    folders[name] = cmake.parent

# What the document says: a table row | `confab_x` | `src/x` | `confab_y`, `confab_z` | ...
documented = {}
for line in (root / 'docs/architecture.md').read_text().splitlines():
    row = re.match(r'\|\s*`(confab_\w+)`\s*\|\s*`(src/\w+)`\s*\|([^|]*)\|', line)
    if row:
        documented[row.group(1)] = set(re.findall(r'confab_\w+', row.group(3)))
        if folders.get(row.group(1)) != root / row.group(2):
            problems.append(f'{row.group(1)}: the document places it in {row.group(2)}')
for name in sorted(set(linked) | set(documented)):
    if linked.get(name) != documented.get(name):
        problems.append(f'{name}: CMake links {sorted(linked.get(name, []))}, '
                        f'docs/architecture.md says {sorted(documented.get(name, []))}')

def reach(name, seen=None):
    seen = set() if seen is None else seen
    for dependency in linked.get(name, ()):
        if dependency == name or dependency in seen:
            continue
        seen.add(dependency)
        reach(dependency, seen)
    return seen

for name in linked:
    if name in reach(name) or name in linked[name]:
        problems.append(f'{name} depends on itself through {sorted(linked[name])}')

# Every quoted include resolves in the library itself or in one it reaches.
for name, folder in folders.items():
    visible = {p.name for lib in {name} | reach(name) for p in folders[lib].iterdir()}
    for source in sorted(folder.glob('*.[ch]*')):
        for header in re.findall(r'^#include "([^"]+)"', source.read_text(), re.M):
            if header not in visible and not header.startswith('moc_'):
                problems.append(f'{source.relative_to(root)} includes "{header}", '
                                f'which is not in {name} or below it')

cli = (root / 'app/cli/CMakeLists.txt').read_text()
if re.search(r'Qt6::(Gui|Qml|Quick)|confab_(ui|markdown)\b', cli):
    problems.append('app/cli links Qt Gui, Qml or a library above confab_chat')

for problem in problems:
    print(problem)
sys.exit(1 if problems else 0)
