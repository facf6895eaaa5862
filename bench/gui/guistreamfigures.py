#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Reads the raw logs of run-gui-stream-bench.sh and prints its BENCHMARKS.md section.

Per run (app or floor, per renderer): KIND-RENDERER.samples ("unix_s cpu_ticks" every half
second while the reply streams), KIND-RENDERER.figures (rss_before/rss_after in kB, the stream's
start and end in Unix ms, and for the app idle and waiting windows "t0 ticks0 t1 ticks1") and
KIND-RENDERER.log (the frames log: arrived, handed, sync, swap in steady-clock microseconds).
"""
import argparse
import bisect
import datetime
import os
import re
import statistics
import subprocess

TICK = 1.0 / os.sysconf("SC_CLK_TCK")


def read_figures(path):
    figures = {}
    with open(path) as f:
        for line in f:
            key, *values = line.split()
            figures[key] = [float(v) for v in values]
    return figures


def read_samples(path):
    with open(path) as f:
        return [tuple(float(v) for v in line.split()) for line in f if line.strip()]


def cpu_at(samples, t):
    """CPU seconds at Unix time t, interpolated between samples."""
    times = [s[0] for s in samples]
    i = bisect.bisect_left(times, t)
    if i == 0:
        return samples[0][1] * TICK
    if i == len(samples):
        return samples[-1][1] * TICK
    (t0, c0), (t1, c1) = samples[i - 1], samples[i]
    return (c0 + (c1 - c0) * (t - t0) / (t1 - t0)) * TICK


def window_share(values):
    t0, c0, t1, c1 = values
    return (c1 - c0) * TICK / (t1 - t0)


def frames(path):
    events = {"arrived": [], "handed": [], "sync": [], "swap": []}
    pattern = re.compile(r"\b(arrived|handed|sync|swap) (\d+)")
    with open(path, errors="replace") as f:
        for line in f:
            m = pattern.search(line)
            if m:
                events[m.group(1)].append(int(m.group(2)))
    for v in events.values():
        v.sort()
    latencies = []
    for a in events["arrived"]:
        i = bisect.bisect_left(events["handed"], a)
        if i == len(events["handed"]):
            continue
        j = bisect.bisect_left(events["sync"], events["handed"][i])
        if j == len(events["sync"]):
            continue
        k = bisect.bisect_left(events["swap"], events["sync"][j])
        if k == len(events["swap"]):
            continue
        latencies.append((events["swap"][k] - a) / 1000.0)
    arrived = events["arrived"]
    fps = None
    if len(arrived) > 1:
        lo, hi = arrived[0], arrived[-1]
        swaps = sum(1 for s in events["swap"] if lo <= s <= hi)
        fps = swaps / ((hi - lo) / 1e6)
    return latencies, fps


def run(out, kind, renderer):
    base = os.path.join(out, f"{kind}-{renderer}")
    figures = read_figures(base + ".figures")
    samples = read_samples(base + ".samples")
    start, end = (v / 1000.0 for v in figures["stream"])
    r = {
        "duration": end - start,
        "total": cpu_at(samples, end) - cpu_at(samples, start),
        "first10": cpu_at(samples, start + 10) - cpu_at(samples, start),
        "last10": cpu_at(samples, end) - cpu_at(samples, end - 10),
        "rss_before": figures["rss_before"][0] / 1024,
        "rss_after": figures["rss_after"][0] / 1024,
    }
    for key in ("idle_before", "idle_after", "waiting"):
        if key in figures:
            r[key] = window_share(figures[key])
    r["latencies"], r["fps"] = frames(base + ".log")
    return r


def percentile(values, p):
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100.0 * (len(values) - 1))))]


def verdict(ok):
    return "met" if ok else "**missed**"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--renderers", default="opengl software")
    parser.add_argument("--tokens", type=int, default=40000)
    parser.add_argument("--rate", type=int, default=400)
    parser.add_argument("--command", default="bench/gui/run-gui-stream-bench.sh")
    parser.add_argument("--load", default="")
    parser.add_argument("--revision", default="")
    args = parser.parse_args()

    rows = []
    notes = []
    for renderer in args.renderers.split():
        app, floor = run(args.out, "app", renderer), run(args.out, "floor", renderer)
        name = "OpenGL (llvmpipe)" if renderer == "opengl" else "software"
        lat = app["latencies"]
        p50, p95, worst = percentile(lat, 50), percentile(lat, 95), max(lat) if lat else float("nan")
        flat = app["last10"] / app["first10"] if app["first10"] else float("nan")
        share = app["total"] / floor["total"]
        growth = app["rss_after"] - app["rss_before"]
        rows += [
            f"| {name} | CPU while streaming, app / floor | {app['total']:.1f} s / {floor['total']:.1f} s "
            f"({100 * app['total'] / app['duration']:.0f} % / {100 * floor['total'] / floor['duration']:.0f} % of a core) "
            f"| **{share:.2f}** | ≤ 0.50 | {verdict(share <= 0.5)} |",
            f"| {name} | CPU of the last 10 s / the first 10 s | {app['last10']:.2f} s / {app['first10']:.2f} s "
            f"(floor {floor['last10']:.2f} / {floor['first10']:.2f}) | **{flat:.2f}** | ≤ 1.10 | {verdict(flat <= 1.1)} |",
            f"| {name} | arrival to screen, p50 / p95 / max ({len(lat)} batches) | {p50:.0f} / {p95:.0f} / {worst:.0f} ms "
            f"(floor p95 {percentile(floor['latencies'], 95):.0f} ms) | | ≤ 100 ms | {verdict(worst <= 100)} (max) |",
            f"| {name} | RSS before → after the reply | {app['rss_before']:.0f} → {app['rss_after']:.0f} MB "
            f"(floor {floor['rss_before']:.0f} → {floor['rss_after']:.0f} MB) | **+{growth:.0f} MB** | ≤ +60 MB | {verdict(growth <= 60)} |",
            f"| {name} | idle CPU before / after the reply | {100 * app['idle_before']:.1f} % / {100 * app['idle_after']:.1f} % of a core "
            f"| | 0 % | {verdict(max(app['idle_before'], app['idle_after']) < 0.005)} |",
            f"| {name} | CPU while waiting for the first token | {100 * app['waiting']:.1f} % of a core | | < 5 % | {verdict(app['waiting'] < 0.05)} |",
        ]
        notes.append(f"{name}: frames per second while streaming, app {app['fps'] or 0:.0f}, floor {floor['fps'] or 0:.0f}; "
                     f"stream {app['duration']:.1f} s (app run), {floor['duration']:.1f} s (floor run)")

    cpu = ""
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    qt = subprocess.run(["sh", "-c", "readlink -f $(ldconfig -p | awk '/libQt6Core.so.6 / {print $NF; exit}')"],
                        capture_output=True, text=True).stdout.strip().rsplit(".so.", 1)[-1]
    when = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    print("<!-- gui-stream-bench:begin (written by bench/gui/run-gui-stream-bench.sh; edits here are overwritten) -->")
    print("## The window streaming a long reply\n")
    print(f"The real window (`confab`) streaming a {args.tokens}-token markdown reply (headings, lists, code, tables,")
    print(f"inline and display math; `bench/gui/pacedreply.mjs`) at {args.rate} tokens/s from `bench/gui/pacedserver.mjs`,")
    print("against the streaming floor (`bench/gui/streamfloor`: a `ListView` of plain `Text` blocks in a window of the")
    print("same size, fed the same reply at the same rate from the same server), one after the other under Xvfb.\n")
    print("| Renderer | Figure | Measured | Ratio | Target | |")
    print("|---|---|---|---:|---|---|")
    print("\n".join(rows))
    print("\nReproduce (builds confab and streamfloor in the build directory; needs xvfb-run, xdotool, ImageMagick, node):\n")
    print(f"    {args.command}\n")
    print("- CPU: utime + stime of the process from /proc/PID/stat every 0.5 s, interpolated to the stream's start and")
    print("  end as the server logged them. Idle: 10 s with the window open and nothing happening (from 12 s after")
    print("  the window was placed, as the composer's cursor blinks for 10 s after the last activity), before the")
    print("  reply and from 5 s after it. Waiting: 10 s of a request whose first token the server holds back 30 s,")
    print("  from 12 s after it was sent.")
    print("- Arrival to screen: the app logs (`confab.frames`, `src/ui/framelog.cpp`) when the first text of a batch")
    print("  arrives, when the model hands it to the views, and when each frame starts synchronising and is swapped;")
    print("  the latency is from the arrival to the swap of the first frame synchronised after the handover. The")
    print("  floor logs the same.")
    for n in notes:
        print(f"- {n}.")
    print(f"- Load average before/after: {args.load} (the machine is shared; figures are ratios for that reason).\n")
    print(f"Measured {when} at revision {args.revision} on {os.cpu_count()} × {cpu}, Qt {qt}, Debug build.")
    print("<!-- gui-stream-bench:end -->")


if __name__ == "__main__":
    main()
