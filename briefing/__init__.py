"""Briefing: a static site generator for a regional-cooperation news digest.

seeds/ (raw text) -> extract -> content/articles/*.md (YAML front-matter) -> site model -> public/
"""

__version__ = "0.1.0"
