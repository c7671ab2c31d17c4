"""Administration forms."""

from __future__ import annotations

from flask_wtf import FlaskForm


class DeactivateForm(FlaskForm):
    """A confirmation button that carries only the CSRF token."""
