#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Checks the GitHub Actions workflows, which cannot run here: every .github/workflows/*.yml
parses as YAML, has triggers and jobs, every job says where it runs and has steps that each
use an action or run a command, and ci.yml builds on Linux, Windows and macOS and uploads
an installer from each.

Usage: check-workflows.py SOURCE_DIR
"""
import glob
import os
import sys

import yaml


def fail(message):
    sys.exit(f"check-workflows.py: {message}")


def check_workflow(path):
    with open(path, encoding="utf-8") as f:
        workflow = yaml.safe_load(f)
    name = os.path.relpath(path)
    if not isinstance(workflow, dict):
        fail(f"{name}: not a mapping")
    # YAML 1.1 reads the key `on` as the boolean true.
    if "on" not in workflow and True not in workflow:
        fail(f"{name}: no triggers (on:)")
    jobs = workflow.get("jobs")
    if not isinstance(jobs, dict) or not jobs:
        fail(f"{name}: no jobs")
    for job_id, job in jobs.items():
        if "runs-on" not in job:
            fail(f"{name}: job {job_id} has no runs-on")
        steps = job.get("steps")
        if not isinstance(steps, list) or not steps:
            fail(f"{name}: job {job_id} has no steps")
        for index, step in enumerate(steps):
            if ("uses" in step) == ("run" in step):
                fail(f"{name}: job {job_id} step {index + 1} needs exactly one of uses and run")
    return workflow


def main():
    source = sys.argv[1]
    paths = sorted(glob.glob(os.path.join(source, ".github", "workflows", "*.yml")))
    if not paths:
        fail("no workflows in .github/workflows")
    workflows = {os.path.basename(path): check_workflow(path) for path in paths}
    ci = workflows.get("ci.yml")
    if ci is None:
        fail("no ci.yml")
    runners = {job_id: str(job["runs-on"]) for job_id, job in ci["jobs"].items()}
    for system in ("ubuntu", "windows", "macos"):
        uploading = [job_id for job_id, runner in runners.items()
                     if runner.startswith(system)
                     and any(str(step.get("uses", "")).startswith("actions/upload-artifact@")
                             for step in ci["jobs"][job_id]["steps"])]
        if not uploading:
            fail(f"ci.yml: no {system} job that uploads an installer")
    print(f"{len(paths)} workflow(s) parse: {', '.join(workflows)}")


if __name__ == "__main__":
    main()
