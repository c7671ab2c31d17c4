from . import exports  # noqa: F401 - adds the export routes to bp
from .routes import bp

__all__ = ["bp"]
