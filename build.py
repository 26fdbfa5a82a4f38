#!/usr/bin/env python3
"""Build the Briefing site: `python build.py --help` lists the commands."""
import os
import sys
import threading

from briefing.cli import main

code = main()
if threading.active_count() == 1:
    # Every file is closed by now: leave without tearing the interpreter down, which frees a big
    # site's objects one by one (a tenth of a second of a rebuild at 5,000 articles).
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except OSError:  # a closed pipe (`... | head`): nothing more can be said
        pass
    os._exit(code)
raise SystemExit(code)
