#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Builds the .deb from a release build (the `package` preset: the two executables, no tests) and
# tests it the way a user meets it, on this machine:
#   - dpkg -I shows sane Package, Version, Section, Maintainer, Description and Depends fields,
#     and the package holds the executables, menu entry, metainfo, icons, man pages and licence;
#   - the .rpm made from the same build (not installed: this is not an RPM system) has its
#     version, description, files and the Requires for Fedora's QML modules;
#   - apt-get install ./confab_*.deb installs it with its dependencies (not its Recommends);
#   - the installed desktop file and metainfo validate, and `man confab-cli` works;
#   - in a throwaway home (own D-Bus session, keyring and Xvfb display): the installed
#     confab-cli asks a local stand-in server (scripts/fakeopenai.py) and saves the conversation
#     in the history; the installed confab opens its window (its WM_CLASS is the desktop file's
#     StartupWMClass), loads no Qt package its Depends do not bring, and exits with status 0 when
#     the window is closed as a window manager closes it;
#   - apt-get remove confab removes the executables and leaves the history and settings as
#     they were.
# apt-get runs as root (through sudo when not root). It refuses to run where a confab package is
# already installed, so it never replaces the user's own; it removes what it installed, even on
# failure. Exits non-zero on any failure.
#   scripts/test-package.sh
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
app_id=io.github.confab.Confab

fail() {
    echo "test-package: FAIL: $*" >&2
    exit 1
}

if [ "${1:-}" = "--session" ]; then
    # Inside the test session (scripts/test-session.sh): $2 the sandbox, $3 the fake server's port.
    sandbox=$2 port=$3
    export OPENAI_BASE_URL="http://127.0.0.1:$port/v1" OPENAI_API_KEY=sk-test OPENAI_MODEL=gpt-4o-mini

    echo "== The installed confab-cli asks the stand-in server"
    /usr/bin/confab-cli --version | grep -qx "confab-cli $(cat "$sandbox/version")" ||
        fail "confab-cli --version is not $(cat "$sandbox/version")"
    /usr/bin/confab-cli ask "How do I count words in Python?" >"$sandbox/reply.txt" 2>"$sandbox/ask.err" ||
        fail "confab-cli ask exited with $?: $(cat "$sandbox/ask.err")"
    grep -q "count words" "$sandbox/reply.txt" || fail "the reply is not the server's: $(head -c 300 "$sandbox/reply.txt")"
    id=$(awk '/^confab-cli: conversation / {print $3}' "$sandbox/ask.err")
    [ -n "$id" ] || fail "confab-cli ask printed no conversation id: $(cat "$sandbox/ask.err")"
    /usr/bin/confab-cli list | grep -q "$id" || fail "confab-cli list does not show $id"
    /usr/bin/confab-cli show "$id" --json | grep -q "How do I count words in Python?" ||
        fail "confab-cli show $id lacks the question"
    [ -f "$XDG_DATA_HOME/Confab/history.sqlite" ] || fail "no history in $XDG_DATA_HOME/Confab/history.sqlite"
    echo "   conversation $id saved in \$XDG_DATA_HOME/Confab/history.sqlite"

    echo "== The installed confab opens its window and closes cleanly"
    /usr/bin/confab >"$sandbox/confab.log" 2>&1 &
    pid=$!
    wid=$(timeout 30 xdotool search --sync --onlyvisible --pid "$pid" 2>/dev/null | head -n1) ||
        { kill "$pid" 2>/dev/null; fail "no window within 30 s: $(tail -n 20 "$sandbox/confab.log")"; }
    xwininfo -id "$wid" | grep -q "Map State: IsViewable" || fail "window $wid is not viewable"
    geometry=$(xwininfo -id "$wid" | awk '/Width:/ {w=$2} /Height:/ {h=$2} END {print w "x" h}')
    title=$(xdotool getwindowname "$wid")
    echo "   window $wid \"$title\", $geometry"
    wm_class=$(xprop -id "$wid" WM_CLASS | sed -n 's/.*= "\([^"]*\)", "\([^"]*\)"/\2/p')
    startup_class=$(sed -n 's/^StartupWMClass=//p' "/usr/share/applications/$app_id.desktop")
    [ "$wm_class" = "$startup_class" ] ||
        fail "the window's WM_CLASS is '$wm_class' but the desktop file says StartupWMClass=$startup_class"
    sleep 2 # let it load the history and settle
    # Everything it loaded, for the dependency check outside.
    grep -o '/[^ ]*\.so[^ ]*$' "/proc/$pid/maps" | sort -u >"$sandbox/loaded.txt"
    python3 "$root/tests/packaging/close-window.py" "$wid"
    for _ in $(seq 100); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then
        kill -9 "$pid"
        fail "confab did not quit within 10 s of its window being closed"
    fi
    status=0
    wait "$pid" || status=$?
    [ "$status" -eq 0 ] || fail "confab exited with status $status: $(tail -n 20 "$sandbox/confab.log")"
    echo "   quit with status 0 when its window was closed"

    # The settings it keeps (window, theme, the server's models) are the user's data too.
    conf="$XDG_CONFIG_HOME/Confab/Confab.conf"
    [ -s "$conf" ] || fail "confab wrote no settings to $conf"
    echo "   it saved its settings: $(grep -c = "$conf") values in \$XDG_CONFIG_HOME/Confab/Confab.conf"
    exit 0
fi

scripts/deps.sh package
sudo=()
[ "$(id -u)" -eq 0 ] || sudo=(sudo)
export DEBIAN_FRONTEND=noninteractive

before=$(dpkg-query -W -f='${db:Status-Status}' confab 2>/dev/null || true)
if [ "$before" = installed ]; then
    fail "a confab package is already installed here; this test installs and removes its own, so remove it first (apt-get remove confab)"
fi

started=$(date +%s)
echo "== Building the release executables (preset 'package')"
[ -f build/package/build.ninja ] || cmake --preset package >/dev/null
cmake --build --preset package -j "$(nproc)"
version=$(sed -n 's/^CMAKE_PROJECT_VERSION:STATIC=//p' build/package/CMakeCache.txt)
[ -n "$version" ] || fail "no project version in build/package/CMakeCache.txt"

echo "== Making the .deb"
rm -f build/package/confab_*.deb
(cd build/package && cpack -G DEB >cpack.log) || { cat build/package/cpack.log; fail "cpack failed"; }
debs=(build/package/confab_*.deb)
[ ${#debs[@]} -eq 1 ] && [ -f "${debs[0]}" ] || fail "cpack made no single confab_*.deb"
deb=${debs[0]}
echo "   $deb ($(du -k "$deb" | cut -f1) KiB)"

echo "== Checking its fields and contents"
field() { dpkg-deb -f "$deb" "$1"; }
[ "$(field Package)" = confab ] || fail "Package is '$(field Package)'"
[ "$(field Version)" = "$version-1" ] || fail "Version is '$(field Version)', not $version-1 from project()"
[ "$(field Architecture)" = "$(dpkg --print-architecture)" ] || fail "Architecture is '$(field Architecture)'"
[ "$(field Section)" = net ] || fail "Section is '$(field Section)'"
field Maintainer | grep -Eq '^[^<]+ <[^@ ]+@[^> ]+>$' || fail "Maintainer '$(field Maintainer)' is not 'Name <address>'"
field Homepage | grep -q '^https://' || fail "Homepage is '$(field Homepage)'"
description=$(field Description)
[ "$(printf '%s\n' "$description" | wc -l)" -ge 2 ] || fail "Description has no long description: $description"
printf '%s\n' "$description" | head -n1 | grep -Eq '^.{10,80}$' || fail "Description's summary line is not 10-80 characters"
printf '%s\n' "$description" | grep -Eq '^.{81,}' && fail "Description has lines over 80 characters: $description"
depends=$(field Depends)
for package in libc6 libstdc++6 libqt6core6 libqt6gui6 libqt6network6 libqt6qml6 libqt6sql6 \
    qml6-module-qtquick qml6-module-qtquick-controls qml6-module-qtquick-layouts \
    qt6-qpa-plugins libqt6sql6-sqlite; do
    printf '%s\n' "$depends" | tr ',|' '\n\n' | sed 's/^ *//; s/ .*//' | grep -qx "$package" ||
        fail "Depends lacks $package: $depends"
done
contents=$(dpkg-deb -c "$deb" | awk '{print $6}' | sed 's|^\./|/|')
for path in /usr/bin/confab /usr/bin/confab-cli "/usr/share/applications/$app_id.desktop" \
    "/usr/share/metainfo/$app_id.metainfo.xml" "/usr/share/icons/hicolor/scalable/apps/$app_id.svg" \
    "/usr/share/icons/hicolor/48x48/apps/$app_id.png" "/usr/share/icons/hicolor/512x512/apps/$app_id.png" \
    /usr/share/man/man1/confab.1.gz /usr/share/man/man1/confab-cli.1.gz /usr/share/doc/confab/copyright; do
    printf '%s\n' "$contents" | grep -qx "$path" || fail "the package lacks $path"
done
dpkg-deb -f "$deb" | sed 's/^/   /'

echo "== Making the .rpm and checking it"
rm -f build/package/confab-*.rpm
(cd build/package && cpack -G RPM >cpack-rpm.log 2>&1) || { cat build/package/cpack-rpm.log; fail "cpack -G RPM failed"; }
rpms=(build/package/confab-*.rpm)
[ ${#rpms[@]} -eq 1 ] && [ -f "${rpms[0]}" ] || fail "cpack made no single confab-*.rpm"
rpm_file=${rpms[0]}
[ "$(rpm -qp --queryformat '%{NAME} %{VERSION} %{LICENSE}' "$rpm_file" 2>/dev/null)" = "confab $version GPL-3.0-or-later" ] ||
    fail "the .rpm's name, version or licence is wrong: $(rpm -qp --queryformat '%{NAME} %{VERSION} %{LICENSE}' "$rpm_file")"
rpm -qp --queryformat '%{DESCRIPTION}' "$rpm_file" 2>/dev/null | grep -q "^Confab is a native chat client" ||
    fail "the .rpm's description is not ours"
requires=$(rpm -qp --requires "$rpm_file" 2>/dev/null)
for need in qt6-qtdeclarative qt6-qtbase-gui 'libQt6Core.so.6()(64bit)'; do
    printf '%s\n' "$requires" | grep -qxF "$need" || fail "the .rpm does not require $need"
done
rpm_files=$(rpm -qpl "$rpm_file" 2>/dev/null)
for path in /usr/bin/confab /usr/bin/confab-cli "/usr/share/applications/$app_id.desktop" \
    /usr/share/man/man1/confab.1.gz; do
    printf '%s\n' "$rpm_files" | grep -qx "$path" || fail "the .rpm lacks $path"
done
printf '%s\n' "$rpm_files" | grep -Eqx '/usr/share/(applications|icons|icons/hicolor|man/man1)' &&
    fail "the .rpm claims a folder that the filesystem or icon theme package owns"
echo "   $rpm_file ($(du -k "$rpm_file" | cut -f1) KiB)"

sandbox=$(mktemp -d "${TMPDIR:-/tmp}/confab-package.XXXXXX")
installed=
server=
cleanup() {
    [ -z "$server" ] || kill "$server" 2>/dev/null || true
    if [ -n "$installed" ] && [ "$(dpkg-query -W -f='${db:Status-Status}' confab 2>/dev/null)" = installed ]; then
        "${sudo[@]}" apt-get remove -y -q confab >/dev/null || true
    fi
    rm -rf "$sandbox"
}
trap cleanup EXIT
echo "$version" >"$sandbox/version"

echo "== Installing it with apt-get"
# Without the Recommends: what Depends brings must be enough to run.
installed=1
"${sudo[@]}" apt-get install -y -q --no-install-recommends "./$deb" >"$sandbox/apt-install.log" 2>&1 ||
    { cat "$sandbox/apt-install.log"; fail "apt-get install ./$deb failed"; }
[ "$(dpkg-query -W -f='${Version}' confab)" = "$version-1" ] || fail "dpkg does not list confab $version-1 as installed"
for exe in /usr/bin/confab /usr/bin/confab-cli; do
    [ -x "$exe" ] || fail "$exe is not installed"
done
desktop-file-validate "/usr/share/applications/$app_id.desktop" || fail "the installed desktop file does not validate"
appstreamcli validate --no-net "/usr/share/metainfo/$app_id.metainfo.xml" >/dev/null ||
    fail "the installed metainfo does not validate"
man -P cat confab-cli 2>/dev/null | grep -q "confab-cli ask" || fail "man confab-cli does not show the page"

mkfifo "$sandbox/port"
python3 scripts/fakeopenai.py 0 >"$sandbox/port" 2>"$sandbox/server.log" &
server=$!
read -r port <"$sandbox/port"

home=$sandbox/home
mkdir -p "$home" "$sandbox/runtime"
chmod 700 "$sandbox/runtime"
env -u OPENAI_API_KEY -u OPENAI_BASE_URL -u OPENAI_MODEL -u CONFAB_DATABASE -u QT_QPA_PLATFORM \
    HOME="$home" XDG_CONFIG_HOME="$home/.config" XDG_DATA_HOME="$home/.local/share" \
    XDG_CACHE_HOME="$home/.cache" XDG_RUNTIME_DIR="$sandbox/runtime" LANG=C.UTF-8 \
    dbus-run-session -- scripts/test-session.sh "$0" --session "$sandbox" "$port"

echo "== Every Qt package it loaded comes with its Depends"
# The Depends closure among installed packages, every alternative included.
closure=$(python3 - <<'EOF'
import re, subprocess
seen, todo = set(), ["confab"]
while todo:
    name = todo.pop()
    if name in seen:
        continue
    seen.add(name)
    out = subprocess.run(["dpkg-query", "-W", "-f=${Depends}, ${Pre-Depends}, ${Provides}", name],
                         capture_output=True, text=True).stdout
    for item in re.split(r"[,|]", out):
        item = re.sub(r"\(.*?\)|:\S+", "", item).strip()
        if item:
            todo.append(item.split()[0])
print("\n".join(sorted(seen)))
EOF
)
# dpkg -S prints "pkg[:arch][, pkg[:arch]]: /path"; files it does not know are skipped.
loaded_packages=$( (xargs -r dpkg -S <"$sandbox/loaded.txt" 2>/dev/null || true) |
    sed 's|: /.*||' | tr ',' '\n' | sed 's/^ *//; s/:.*//' | sort -u)
qt_loaded=$(printf '%s\n' "$loaded_packages" | grep -E '^(libqt6|qml6-module-|qt6-)' || true)
[ -n "$qt_loaded" ] || fail "found no Qt package among what confab loaded"
for package in $qt_loaded; do
    printf '%s\n' "$closure" | grep -qx "$package" || fail "confab loaded $package, which its Depends do not bring"
done
echo "   $(printf '%s\n' "$qt_loaded" | wc -l) Qt packages loaded, all within the Depends:"
printf '%s\n' "$qt_loaded" | paste -sd' ' | fold -s -w 92 | sed 's/^/     /'

data=$home/.local/share/Confab
conf=$home/.config/Confab/Confab.conf
[ -f "$conf" ] || fail "no settings file at $conf"
(cd "$home" && find .local/share/Confab .config/Confab -type f -exec sha256sum {} + | sort) >"$sandbox/before.sums"

echo "== Removing it with apt-get"
"${sudo[@]}" apt-get remove -y -q confab >"$sandbox/apt-remove.log" 2>&1 ||
    { cat "$sandbox/apt-remove.log"; fail "apt-get remove confab failed"; }
installed=
[ "$(dpkg-query -W -f='${db:Status-Status}' confab 2>/dev/null || true)" != installed ] || fail "confab is still installed"
for path in /usr/bin/confab /usr/bin/confab-cli "/usr/share/applications/$app_id.desktop"; do
    [ ! -e "$path" ] || fail "$path is still there after apt-get remove"
done
(cd "$home" && find .local/share/Confab .config/Confab -type f -exec sha256sum {} + | sort) >"$sandbox/after.sums"
diff -u "$sandbox/before.sums" "$sandbox/after.sums" || fail "the user's data or settings changed when the package was removed"
python3 -c 'import sqlite3, sys; n = sqlite3.connect(sys.argv[1]).execute("select count(*) from conversations").fetchone()[0]; sys.exit(0 if n >= 1 else 1)' \
    "$data/history.sqlite" || fail "the history no longer holds the conversation"
echo "   the history and settings are still there, unchanged:"
sed 's/^[0-9a-f]* */     ~\//' "$sandbox/before.sums"

echo "== Package test passed in $(($(date +%s) - started)) s"
