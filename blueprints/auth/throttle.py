"""The sign-in throttle: Flask-Limiter counting in Samnod's database."""

from __future__ import annotations

from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

import models  # noqa: F401 - registers the samnod+db:// storage scheme

# Keyed by the TCP peer address, never by X-Forwarded-For, so a forged header
# cannot reset the count. Behind a proxy, wrap the app in ProxyFix with the
# number of trusted hops (see README).
limiter = Limiter(key_func=get_remote_address, storage_uri="samnod+db://")
