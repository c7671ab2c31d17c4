from . import exports, report  # noqa: F401 - add the downloads and report to bp
from .routes import bp

__all__ = ["bp"]
