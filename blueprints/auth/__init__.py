from . import (
    links,  # noqa: F401 - registers the e-mailed links' routes on bp
    oidc,  # noqa: F401 - registers the OpenID Connect routes on bp
)
from .routes import bp

__all__ = ["bp"]
