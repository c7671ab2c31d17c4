"""The identity providers Samnod trusts, read from the settings, and their
Authlib clients.

Each provider is a set of settings: `SAMNOD_OIDC_ISSUER`, `_CLIENT_ID`,
`_CLIENT_SECRET` and `_LABEL` for the first, and `SAMNOD_OIDC_<NAME>_ISSUER` …
for more (its button leads to `/login/oidc/<name>`). They are read on each
request, so settings changed while running take effect at once.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field

from authlib.integrations.flask_client import OAuth
from flask import current_app
from flask_babel import gettext as _

logger = logging.getLogger("samnod")

PREFIX = "SAMNOD_OIDC"
FIELDS = ("CLIENT_SECRET", "CLIENT_ID", "ISSUER", "LABEL")  # longest suffix first
_NAME = re.compile(r"[a-z0-9][a-z0-9_]{0,39}")
_RESERVED = frozenset({"callback"})
TIMEOUT = 10  # seconds for each call to the provider


@dataclass(frozen=True)
class Provider:
    """One identity provider Samnod trusts; `name` is "" for the unnamed one."""

    name: str
    issuer: str
    client_id: str
    client_secret: str = field(repr=False)
    label: str = ""

    @property
    def metadata_url(self) -> str:
        return self.issuer.rstrip("/") + "/.well-known/openid-configuration"


def _settings(config) -> dict[str, dict[str, str]]:
    found: dict[str, dict[str, str]] = {}
    for key, value in config.items():
        if not key.startswith(PREFIX + "_") or not isinstance(value, str):
            continue
        rest = key[len(PREFIX) :]
        for suffix in FIELDS:
            if rest.endswith("_" + suffix):
                name = rest[: -len(suffix) - 1].lstrip("_").lower()
                found.setdefault(name, {})[suffix] = value.strip()
                break
    return found


def providers() -> dict[str, Provider]:
    """The configured providers by name, in name order (the unnamed one first)."""
    result = {}
    for name, values in sorted(_settings(current_app.config).items()):
        complete = all(values.get(f) for f in ("ISSUER", "CLIENT_ID", "CLIENT_SECRET"))
        usable = name == "" or (_NAME.fullmatch(name) and name not in _RESERVED)
        if not complete or not usable:
            _warn_once(name)
            continue
        label = values.get("LABEL") or _("Sign in with your organisation's account")
        result[name] = Provider(
            name=name,
            issuer=values["ISSUER"],
            client_id=values["CLIENT_ID"],
            client_secret=values["CLIENT_SECRET"],
            label=label,
        )
    return result


def _warn_once(name: str) -> None:
    warned = current_app.extensions.setdefault("samnod.oidc.ignored", set())
    if name not in warned:
        warned.add(name)
        logger.warning("OpenID Connect provider %r is incomplete; ignored", name)


def client_for(provider: Provider):
    """The provider's Authlib client, made once per app and settings."""
    clients = current_app.extensions.setdefault("samnod.oidc", {})
    if provider not in clients:
        oauth = OAuth(current_app._get_current_object())
        clients[provider] = oauth.register(
            name=client_name(provider),
            client_id=provider.client_id,
            client_secret=provider.client_secret,
            server_metadata_url=provider.metadata_url,
            client_kwargs={
                "scope": "openid email profile",
                "code_challenge_method": "S256",
                "default_timeout": TIMEOUT,
            },
        )
    return clients[provider]


def client_name(provider: Provider) -> str:
    """The client's name; Authlib keeps a sign-in's state under it."""
    return f"oidc_{provider.name or 'default'}"
