from . import spreads, submissions  # noqa: F401 - registers their views
from .routes import bp

__all__ = ["bp"]
