from . import submissions  # noqa: F401 - registers the submission views
from .routes import bp

__all__ = ["bp"]
