"""Payment settings are read and checked like every other setting; the demo provider is off
under the production settings unless a demo turns it on."""

import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from config import env


def test_decimal_and_choice_lists_are_validated(monkeypatch):
    monkeypatch.setenv("PLATFORM_FEE_PERCENT", "2.5")
    assert str(env.get_decimal("PLATFORM_FEE_PERCENT", "0", minimum=0, maximum=50)) == "2.5"
    for bad in ("abc", "-1", "51", "NaN"):
        monkeypatch.setenv("PLATFORM_FEE_PERCENT", bad)
        with pytest.raises(ImproperlyConfigured, match="PLATFORM_FEE_PERCENT"):
            env.get_decimal("PLATFORM_FEE_PERCENT", "0", minimum=0, maximum=50)
    monkeypatch.setenv("PAYMENT_PROVIDERS", "stripe, paypal")
    with pytest.raises(ImproperlyConfigured, match="paypal"):
        env.get_choices("PAYMENT_PROVIDERS", [], ("dummy", "stripe"))


def _dummy_enabled(module: str, flag: str | None) -> str:
    environ = {**os.environ, "DJANGO_SETTINGS_MODULE": module, "SECRET_KEY": "k" * 60,
               "REDIS_URL": "redis://127.0.0.1:6379/0"}
    environ.pop("PAYMENTS_DUMMY_ENABLED", None)
    if flag is not None:
        environ["PAYMENTS_DUMMY_ENABLED"] = flag
    return subprocess.run(
        [sys.executable, "-c",
         f"import {module} as s; print(s.PAYMENTS_DUMMY_ENABLED)"],
        env=environ, capture_output=True, text=True, check=True).stdout.strip()


def test_the_dummy_provider_is_off_in_production_unless_enabled():
    assert _dummy_enabled("config.settings.dev", None) == "True"
    assert _dummy_enabled("config.settings.prod", None) == "False"
    assert _dummy_enabled("config.settings.prod", "1") == "True"
