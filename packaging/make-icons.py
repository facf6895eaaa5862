#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Renders the application icon (resources/icons/io.github.confab.Confab.svg) into the files the
installers need, which are committed so that Windows and macOS builds need no SVG renderer:

  resources/icons/hicolor/NxN/apps/io.github.confab.Confab.png   Linux (freedesktop icon theme)
  resources/icons/io.github.confab.Confab.ico                    Windows (the .exe and installer)
  resources/icons/io.github.confab.Confab.icns                   macOS (the app bundle)

Usage: make-icons.py           regenerate them (needs rsvg-convert, from librsvg2-bin)
       make-icons.py --check   check that every file is there with the right sizes (no renderer)

The .ico and .icns files hold PNG images, which Windows Vista+ and macOS 10.7+ read; they are
written here rather than with icotool/png2icns, so only rsvg-convert is needed.
"""
import os
import struct
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ICONS = os.path.join(ROOT, "resources", "icons")
APP_ID = "io.github.confab.Confab"
SVG = os.path.join(ICONS, APP_ID + ".svg")
HICOLOR_SIZES = [16, 22, 24, 32, 48, 64, 128, 256, 512]
ICO_SIZES = [16, 24, 32, 48, 64, 128, 256]
# The ICNS element types that hold a PNG, with the pixel size each must have.
ICNS_TYPES = [
    (b"icp4", 16), (b"icp5", 32), (b"icp6", 64), (b"ic07", 128), (b"ic08", 256), (b"ic09", 512),
    (b"ic10", 1024), (b"ic11", 32), (b"ic12", 64), (b"ic13", 256), (b"ic14", 512),
]


def hicolor_path(size):
    return os.path.join(ICONS, "hicolor", f"{size}x{size}", "apps", APP_ID + ".png")


def png_size(data, what):
    if data[:8] != b"\x89PNG\r\n\x1a\n" or data[12:16] != b"IHDR":
        raise ValueError(f"{what}: not a PNG image")
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def render(size, out_dir):
    path = os.path.join(out_dir, f"{size}.png")
    subprocess.run(["rsvg-convert", "--width", str(size), "--height", str(size), "--format", "png",
                    "--output", path, SVG], check=True)
    with open(path, "rb") as f:
        data = f.read()
    if png_size(data, path) != (size, size):
        raise ValueError(f"rsvg-convert made {path} the wrong size")
    return data


def ico(images):
    header = struct.pack("<HHH", 0, 1, len(images))
    offset = len(header) + 16 * len(images)
    entries, blobs = b"", b""
    for size, data in images:
        # A width or height of 0 means 256.
        entries += struct.pack("<BBBBHHII", size % 256, size % 256, 0, 0, 1, 32, len(data), offset)
        blobs += data
        offset += len(data)
    return header + entries + blobs


def icns(elements):
    body = b"".join(kind + struct.pack(">I", 8 + len(data)) + data for kind, data in elements)
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def generate():
    with tempfile.TemporaryDirectory() as tmp:
        sizes = set(HICOLOR_SIZES + ICO_SIZES + [size for _, size in ICNS_TYPES])
        pngs = {size: render(size, tmp) for size in sizes}
    for size in HICOLOR_SIZES:
        path = hicolor_path(size)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(pngs[size])
    with open(os.path.join(ICONS, APP_ID + ".ico"), "wb") as f:
        f.write(ico([(size, pngs[size]) for size in ICO_SIZES]))
    with open(os.path.join(ICONS, APP_ID + ".icns"), "wb") as f:
        f.write(icns([(kind, pngs[size]) for kind, size in ICNS_TYPES]))


def check_ico(path):
    with open(path, "rb") as f:
        data = f.read()
    reserved, kind, count = struct.unpack("<HHH", data[:6])
    if (reserved, kind) != (0, 1):
        raise ValueError(f"{path}: not an icon file")
    found = []
    for i in range(count):
        width, height, _, _, _, _, length, offset = struct.unpack("<BBBBHHII", data[6 + 16 * i:22 + 16 * i])
        size = png_size(data[offset:offset + length], f"{path} image {i}")
        if size != (width or 256, height or 256):
            raise ValueError(f"{path}: image {i} is {size}, its entry says {(width, height)}")
        found.append(size[0])
    if found != ICO_SIZES:
        raise ValueError(f"{path}: sizes {found}, expected {ICO_SIZES}")


def check_icns(path):
    with open(path, "rb") as f:
        data = f.read()
    if data[:4] != b"icns" or struct.unpack(">I", data[4:8])[0] != len(data):
        raise ValueError(f"{path}: not an icns file, or its length is wrong")
    pos, found = 8, []
    while pos < len(data):
        kind, length = data[pos:pos + 4], struct.unpack(">I", data[pos + 4:pos + 8])[0]
        size = png_size(data[pos + 8:pos + length], f"{path} {kind.decode()}")
        found.append((kind, size[0]))
        if size[0] != size[1]:
            raise ValueError(f"{path}: {kind.decode()} is not square")
        pos += length
    if found != ICNS_TYPES:
        raise ValueError(f"{path}: elements {found}, expected {ICNS_TYPES}")


def check():
    for size in HICOLOR_SIZES:
        path = hicolor_path(size)
        with open(path, "rb") as f:
            data = f.read()
        if png_size(data, path) != (size, size):
            raise ValueError(f"{path}: not {size}x{size}")
    check_ico(os.path.join(ICONS, APP_ID + ".ico"))
    check_icns(os.path.join(ICONS, APP_ID + ".icns"))


if __name__ == "__main__":
    try:
        check() if sys.argv[1:] == ["--check"] else generate()
    except (OSError, ValueError, subprocess.CalledProcessError) as error:
        sys.exit(f"make-icons.py: {error}")
