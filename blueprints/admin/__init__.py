from . import log, organisations, users  # noqa: F401 - register their routes on bp
from .routes import bp

__all__ = ["bp"]
