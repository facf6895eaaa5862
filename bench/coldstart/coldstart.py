#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Times the start of two programs side by side, alternating: wall and CPU time until the first
frame is on screen (each writes "first frame swapped" then: app/gui/firstframereport.h), then RSS and CPU once the
program has settled. Prints one "run NAME ..." line per run and a "summary NAME ..." line per
program. Run by run-coldstart-bench.sh inside a display (Xvfb) and a D-Bus session."""
import argparse
import os
import signal
import statistics
import subprocess
import threading
import time

TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime + stime


def rss_mb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


def run_once(command, settle, timeout):
    env = dict(os.environ)
    env["CONFAB_REPORT_FIRST_FRAME"] = "1"  # app/gui/firstframereport.h
    first_frame = threading.Event()
    start = time.monotonic()
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    frame_at = [None]
    errors = []

    def read():
        for raw in process.stderr:
            line = raw.decode(errors="replace")
            if line.startswith("first frame swapped") and not first_frame.is_set():
                frame_at[0] = time.monotonic()
                first_frame.set()
            elif len(errors) < 20:
                errors.append(line.rstrip())

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        if not first_frame.wait(timeout):
            raise RuntimeError(f"no frame within {timeout} s from {command[0]}: " + " | ".join(errors))
        cpu_first = cpu_seconds(process.pid)
        rss_first = rss_mb(process.pid)
        time.sleep(settle)
        return {
            "wall": frame_at[0] - start,
            "cpu": cpu_first,
            "rss_first": rss_first,
            "rss": rss_mb(process.pid),
            "cpu_settled": cpu_seconds(process.pid),
        }
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        reader.join(5)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--settle", type=float, default=3.0, help="seconds after the first frame")
    parser.add_argument("--timeout", type=float, default=60.0)
    parser.add_argument("--floor", required=True, help="the floor's command line, one string")
    parser.add_argument("--app", required=True, help="the app's command line, one string")
    parser.add_argument("--before", help="the app of an earlier revision, to compare in the same run")
    args = parser.parse_args()
    programs = {"floor": args.floor.split(), "app": args.app.split()}
    if args.before:
        programs["before"] = args.before.split()
    results = {name: [] for name in programs}
    for name, command in programs.items():  # a first run of each warms the file cache, unrecorded
        run_once(command, args.settle, args.timeout)
    for i in range(args.runs):
        order = list(programs)[i % len(programs):] + list(programs)[:i % len(programs)]
        for name in order:
            r = run_once(programs[name], args.settle, args.timeout)
            results[name].append(r)
            print(f"run {name} {i + 1} wall_ms={r['wall'] * 1000:.0f} cpu_ms={r['cpu'] * 1000:.0f} "
                  f"rss_first_mb={r['rss_first']:.1f} rss_mb={r['rss']:.1f} "
                  f"cpu_settled_ms={r['cpu_settled'] * 1000:.0f}", flush=True)
    for name, runs in results.items():
        med = {key: statistics.median(r[key] for r in runs) for key in runs[0]}
        print(f"summary {name} wall_ms={med['wall'] * 1000:.0f} cpu_ms={med['cpu'] * 1000:.0f} "
              f"rss_first_mb={med['rss_first']:.1f} rss_mb={med['rss']:.1f} "
              f"cpu_settled_ms={med['cpu_settled'] * 1000:.0f}", flush=True)


if __name__ == "__main__":
    main()
