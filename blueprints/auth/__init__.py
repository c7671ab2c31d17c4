from . import (
    links,  # noqa: F401 - registers the e-mailed links' routes on bp
    mfa,  # noqa: F401 - registers two-step sign-in's routes on bp
    oidc,  # noqa: F401 - registers the OpenID Connect routes on bp
)
from .routes import bp

__all__ = ["bp"]
