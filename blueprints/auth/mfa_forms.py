"""Forms of two-step sign-in: a code from the app, or a recovery code."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import StringField
from wtforms.validators import DataRequired, Length, StopValidation

from models.mfa import is_app_code, is_recovery_code

from ..forms import Form
from ..validators import NoPersonalNumber

CODE_AT_MOST = 40


def app_code(_form, field) -> None:
    """Six digits, as the authenticator app shows them."""
    if not is_app_code(field.data or ""):
        raise StopValidation(_l("The code is the six digits (0–9) the app shows."))


def app_or_recovery_code(_form, field) -> None:
    """Six digits from the app, or a recovery code."""
    data = field.data or ""
    if not (is_app_code(data) or is_recovery_code(data)):
        raise StopValidation(
            _l(
                "Type the six digits (0–9) the app shows, or a recovery code "
                "(ten letters and digits)."
            )
        )


def _code(label, shape) -> StringField:
    return StringField(
        label,
        validators=[
            DataRequired(_l("Type the code.")),
            Length(max=CODE_AT_MOST, message=_l("At most %(max)d characters.")),
            NoPersonalNumber(),  # its message first, before the code's shape
            shape,
        ],
    )


class SetUpForm(Form):
    """The first code from the app, which switches two-step sign-in on."""

    code = _code(_l("Code from the app"), app_code)


class CodeForm(Form):
    """A code that confirms: signing in, new recovery codes, switching off."""

    code = _code(_l("Code from the app or a recovery code"), app_or_recovery_code)
