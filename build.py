#!/usr/bin/env python3
"""Build the Briefing site: `python build.py --help` lists the commands."""
from briefing.cli import main

raise SystemExit(main())
