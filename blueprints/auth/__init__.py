from . import (
    links,  # noqa: F401 - registers the e-mailed links' routes on bp
    mfa,  # noqa: F401 - registers two-step sign-in's routes on bp
)
from .routes import bp

__all__ = ["bp"]
