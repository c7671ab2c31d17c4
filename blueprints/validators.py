"""WTForms validators shared by the areas' forms."""

from __future__ import annotations

from typing import Any

from wtforms import Field
from wtforms.validators import ValidationError

from models.privacy import PersonalNumberFound, guard_text


class NoPersonalNumber:
    """Refuse a text field that holds a personal identity or coordination number."""

    def __call__(self, form: Any, field: Field) -> None:
        """Raise ValidationError with the privacy guard's message at the field."""
        if not isinstance(field.data, str):
            return
        try:
            guard_text(str(field.label.text), field.data)
        except PersonalNumberFound as exc:
            raise ValidationError(exc.message) from exc
