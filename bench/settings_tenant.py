"""The tenant-routed server of the routing benchmark: the dev settings, without DEBUG, quiet.

DEBUG is off because it records every query and changes error handling: the figures should be
those of a production-like process.
"""

from config.settings.dev import *  # noqa: F403

DEBUG = False
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
