from . import links  # noqa: F401 - registers the e-mailed links' routes on bp
from .routes import bp

__all__ = ["bp"]
