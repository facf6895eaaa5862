#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Checks that the desktop file, the AppStream metainfo and the icons agree with each other and
with the build: the metainfo's newest release is the version of the top-level project(), its
launchable is the desktop file, and the desktop file's icon exists in every hicolor size.

Usage: check-desktop-integration.py SOURCE_DIR PROJECT_VERSION
"""
import configparser
import os
import sys
import xml.etree.ElementTree as ElementTree

APP_ID = "io.github.confab.Confab"


def fail(message):
    sys.exit(f"check-desktop-integration.py: {message}")


def main():
    source, version = sys.argv[1], sys.argv[2]
    resources = os.path.join(source, "resources")

    metainfo = ElementTree.parse(os.path.join(resources, APP_ID + ".metainfo.xml")).getroot()
    if metainfo.findtext("id") != APP_ID:
        fail(f"the metainfo's id is {metainfo.findtext('id')!r}, not {APP_ID}")
    releases = metainfo.findall("releases/release")
    if not releases:
        fail("the metainfo lists no release")
    newest = releases[0].get("version")
    if newest != version:
        fail(f"the metainfo's newest release is {newest}, but project() says {version}: "
             "add a <release> for it")
    launchable = metainfo.findtext("launchable[@type='desktop-id']")
    if launchable != APP_ID + ".desktop":
        fail(f"the metainfo launches {launchable!r}, not {APP_ID}.desktop")

    desktop = configparser.ConfigParser(interpolation=None)
    desktop.optionxform = str
    desktop.read(os.path.join(resources, APP_ID + ".desktop"), encoding="utf-8")
    entry = desktop["Desktop Entry"]
    if entry.get("Icon") != APP_ID:
        fail(f"the desktop file's icon is {entry.get('Icon')!r}, not {APP_ID}")
    if entry.get("Exec", "").split()[0] != "confab":
        fail(f"the desktop file runs {entry.get('Exec')!r}, not confab")
    sizes = os.listdir(os.path.join(resources, "icons", "hicolor"))
    for size in sizes:
        if not os.path.isfile(os.path.join(resources, "icons", "hicolor", size, "apps", APP_ID + ".png")):
            fail(f"no {size} icon")
    if len(sizes) < 5:
        fail(f"only {len(sizes)} icon sizes")
    print(f"{APP_ID} {version}: metainfo, desktop file and {len(sizes)} icon sizes agree")


if __name__ == "__main__":
    main()
