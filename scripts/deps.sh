#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Installs the Debian/Ubuntu packages Confab needs, only those that are missing.
#   scripts/deps.sh build   what building and running the app needs
#   scripts/deps.sh test    that, plus the test services (Xvfb, a keyring, clang for the fuzzers)
#                           and what the packaging tests need
#   scripts/deps.sh package   building, plus making the .deb and testing it (scripts/test-package.sh)
#   scripts/deps.sh screenshots   building, plus Xvfb, xdotool and ImageMagick
set -euo pipefail

build_packages=(
    cmake ninja-build g++ pkg-config
    qt6-base-dev qt6-declarative-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools qt6-svg-dev
    qtkeychain-qt6-dev libqt6sql6-sqlite libqt6sql6-psql libgl-dev
    qml6-module-qtqml qml6-module-qtqml-models qml6-module-qtqml-workerscript
    qml6-module-qtquick qml6-module-qtquick-controls qml6-module-qtquick-layouts
    qml6-module-qtquick-window qml6-module-qtquick-templates qml6-module-qtquick-dialogs
    qt6-qpa-plugins
)
test_packages=(
    qml6-module-qttest xvfb xauth x11-utils dbus dbus-x11 gnome-keyring libsecret-tools
    clang libclang-rt-dev postgresql python3
)

# Making the .deb (dpkg-shlibdeps, file) and the .rpm (rpmbuild), validating the desktop file and metainfo, checking the
# man pages, icons (librsvg2-bin renders them) and CI workflows, and running the installed app.
package_packages=(
    dpkg-dev file rpm desktop-file-utils appstream groff-base man-db librsvg2-bin python3 python3-yaml
    xvfb xauth x11-utils xdotool libx11-6 dbus dbus-x11 gnome-keyring
)

screenshot_packages=(xvfb xauth xdotool imagemagick python3)

case "${1:-build}" in
    build) wanted=("${build_packages[@]}") ;;
    screenshots) wanted=("${build_packages[@]}" "${screenshot_packages[@]}") ;;
    test) wanted=("${build_packages[@]}" "${test_packages[@]}" "${package_packages[@]}") ;;
    package) wanted=("${build_packages[@]}" "${package_packages[@]}") ;;
    *) echo "usage: $0 build|test|package|screenshots" >&2; exit 2 ;;
esac

missing=()
for package in "${wanted[@]}"; do
    status=$(dpkg-query -W -f='${db:Status-Status}' "$package" 2>/dev/null || true)
    [ "$status" = installed ] || missing+=("$package")
done
# Node.js and npm bundle the JavaScript libraries at build time (js/package.json); a newer Node.js
# installed some other way (nvm, NodeSource) will do.
command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)

if [ ${#missing[@]} -gt 0 ]; then
    echo "Installing: ${missing[*]}"
    sudo=()
    [ "$(id -u)" -eq 0 ] || sudo=(sudo)
    export DEBIAN_FRONTEND=noninteractive
    "${sudo[@]}" apt-get update -q
    "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# The pinned JavaScript packages (highlight.js, MathJax, esbuild, the CommonMark spec), from the
# lock file, only when they are missing or the lock file changed since they were installed.
js_dir="$(cd "$(dirname "$0")/../js" && pwd)"
if ! cmp -s "$js_dir/package-lock.json" "$js_dir/node_modules/.confab-lock.json"; then
    echo "Installing the JavaScript packages of js/package-lock.json"
    npm ci --prefix "$js_dir" --no-audit --no-fund --loglevel=error
    cp "$js_dir/package-lock.json" "$js_dir/node_modules/.confab-lock.json"
fi
