#!/usr/bin/env python3
"""Build the Briefing site: `python build.py --help` lists the commands (the same as `briefing`)."""

from briefing.cli import run

run()
