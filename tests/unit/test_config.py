"""Configuration is read once from the environment; production never runs on a default secret."""
import pytest

from config import DEV_SECRET, Config, ConfigError


def test_production_without_secret_refuses_to_start():
    with pytest.raises(ConfigError):
        Config.from_env({"GAE_ENV": "standard"})


def test_production_without_credential_signing_keys_refuses_to_start():
    with pytest.raises(ConfigError, match="CREDENTIAL_SIGNING_KEYS"):
        Config.from_env({"GAE_ENV": "standard", "SECRET_KEY": "s3cret"})


def test_production_reads_its_secret_and_turns_dev_login_off():
    config = Config.from_env({"GAE_ENV": "standard", "SECRET_KEY": "s3cret", "GOOGLE_CLOUD_PROJECT": "p",
                              "ADMIN_EMAILS": "A@x.com, b@y.org", "GOOGLE_OAUTH_CLIENT_ID": "42.apps.googleusercontent.com",
                              "CREDENTIAL_SIGNING_KEYS": "[]", "PUBLIC_URL": "https://badges.example.org/"})
    assert config.production and config.secret_key == "s3cret" and not config.dev_login
    assert config.google_client_id == "42.apps.googleusercontent.com" and config.google_certs is None
    assert config.admin_emails == ("a@x.com", "b@y.org") and config.project == "p"
    assert config.credential_signing_keys == "[]" and config.public_url == "https://badges.example.org"


def test_development_defaults():
    config = Config.from_env({})
    assert not config.production and config.secret_key == DEV_SECRET and config.dev_login
    assert config.cache_url is None and config.sweep_page_size == 500


def test_cache_url_wins_and_memcached_address_still_means_memcached():
    assert Config.from_env({"MEMCACHED_ADDRESS": "10.0.0.3:11211"}).cache_url == "memcached://10.0.0.3:11211"
    both = {"MEMCACHED_ADDRESS": "10.0.0.3:11211", "CACHE_URL": "valkey+cluster://10.0.0.9:6379"}
    assert Config.from_env(both).cache_url == "valkey+cluster://10.0.0.9:6379"
    assert Config.from_env({"CACHE_TIMEOUT": "0.2"}).cache_timeout == 0.2
