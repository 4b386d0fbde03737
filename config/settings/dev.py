"""Local development and the demo: http on localhost:8000, e-mails printed to the console."""

import os

os.environ.setdefault("SITE_SCHEME", "http")
os.environ.setdefault("SITE_PORT", "8000")
os.environ.setdefault("DEBUG", "1")

from .base import *  # noqa: E402,F403

STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405  (whitenoise warns on a missing root)
