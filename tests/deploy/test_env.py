"""config.env turns every bad deployment value into an ImproperlyConfigured naming the variable."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from config import env


@pytest.mark.parametrize(
    "url",
    ["mysql://root@db/awal", "sqlite:///awal.db", "db.internal:5432/awal", "postgresx://h/awal"],
)
def test_database_url_with_another_scheme_is_refused(url):
    with pytest.raises(ImproperlyConfigured, match=r"^DATABASE_URL must start with postgres://"):
        env.parse_database_url(url)


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("postgres://postgres@127.0.0.1:5432/", r"^DATABASE_URL must name a database"),
        ("postgres://postgres@127.0.0.1:port/awal", r"^DATABASE_URL has an invalid port"),
        ("postgres://postgres@127.0.0.1:99999/awal", r"^DATABASE_URL has an invalid port"),
    ],
)
def test_database_url_without_name_or_with_bad_port_is_refused(url, message):
    with pytest.raises(ImproperlyConfigured, match=message):
        env.parse_database_url(url)


def test_database_url_is_split_into_django_settings():
    settings = env.parse_database_url("postgresql://app%40eu:p%2Fss@db.internal:6543/awal%5Fprod")

    assert settings == {
        "ENGINE": "django_tenants.postgresql_backend",
        "NAME": "awal_prod",
        "USER": "app@eu",
        "PASSWORD": "p/ss",
        "HOST": "db.internal",
        "PORT": "6543",
    }


@pytest.mark.parametrize("value", ["eighty", "8000.0", "", "0x50"])
def test_non_integer_site_port_is_refused(monkeypatch, value):
    monkeypatch.setenv("SITE_PORT", value)

    with pytest.raises(ImproperlyConfigured, match=r"^SITE_PORT must be an integer"):
        env.get_int("SITE_PORT", 0, minimum=0)


def test_integer_below_its_minimum_is_refused(monkeypatch):
    monkeypatch.setenv("SITE_PORT", "-1")

    with pytest.raises(ImproperlyConfigured, match=r"^SITE_PORT must be at least 0, got -1"):
        env.get_int("SITE_PORT", 0, minimum=0)


def test_integer_is_read_or_defaulted(monkeypatch):
    monkeypatch.delenv("SITE_PORT", raising=False)
    assert env.get_int("SITE_PORT", 8000) == 8000

    monkeypatch.setenv("SITE_PORT", "8443")
    assert env.get_int("SITE_PORT", 0, minimum=0) == 8443


@pytest.mark.parametrize("value", ["perhaps", "2", "enabled", "tru"])
def test_bad_boolean_is_refused(monkeypatch, value):
    monkeypatch.setenv("EMAIL_USE_TLS", value)

    with pytest.raises(ImproperlyConfigured, match=r"^EMAIL_USE_TLS must be a boolean"):
        env.get_bool("EMAIL_USE_TLS", False)


@pytest.mark.parametrize(
    ("value", "expected"),
    [("1", True), ("TRUE", True), (" yes ", True), ("on", True), ("0", False), ("off", False)],
)
def test_booleans_are_read(monkeypatch, value, expected):
    monkeypatch.setenv("EMAIL_USE_TLS", value)

    assert env.get_bool("EMAIL_USE_TLS", not expected) is expected


def test_missing_required_string_names_the_variable(monkeypatch):
    monkeypatch.delenv("AWAL_REQUIRED_FOR_TEST", raising=False)

    with pytest.raises(ImproperlyConfigured, match=r"AWAL_REQUIRED_FOR_TEST is required"):
        env.get_str("AWAL_REQUIRED_FOR_TEST")


def test_choice_outside_the_list_is_refused(monkeypatch):
    monkeypatch.setenv("SITE_SCHEME", "ftp")

    with pytest.raises(ImproperlyConfigured, match=r"^SITE_SCHEME must be one of http, https"):
        env.get_choice("SITE_SCHEME", "https", ("http", "https"))


@pytest.mark.parametrize("value", ["http://cache:6379", "cache:6379", "memcached://cache"])
def test_redis_url_with_another_scheme_is_refused(monkeypatch, value):
    monkeypatch.setenv("REDIS_URL", value)

    with pytest.raises(ImproperlyConfigured, match=r"^REDIS_URL must be a redis://"):
        env.get_redis_url()


def test_blank_redis_url_means_no_redis(monkeypatch):
    monkeypatch.setenv("REDIS_URL", "  ")

    assert env.get_redis_url() is None


def test_list_ignores_blanks_and_spaces(monkeypatch):
    monkeypatch.setenv("ALLOWED_HOSTS", " .shop.example, ,console.example ,")

    assert env.get_list("ALLOWED_HOSTS", ["*"]) == [".shop.example", "console.example"]
