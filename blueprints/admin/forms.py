"""Administration forms."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import StringField
from wtforms.validators import DataRequired, Length

from ..forms import Form


class DeactivateForm(Form):
    """A confirmation button that carries only the CSRF token."""


class TargetGroupForm(Form):
    """Add a target group to the managed list."""

    name = StringField(
        _l("New target group"),
        validators=[
            DataRequired(_l("Write the name of the target group.")),
            Length(max=200, message=_l("At most %(max)d characters.")),
        ],
    )
