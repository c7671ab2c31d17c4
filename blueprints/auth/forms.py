"""Sign-in and account forms."""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from wtforms import EmailField, PasswordField, RadioField, SelectChoice, SelectField
from wtforms.validators import DataRequired, EqualTo, Length, ValidationError

from models import Locale, NotifyPreference
from models.user import DEMO_PASSWORD, MIN_PASSWORD_LENGTH

from ..forms import Form
from ..validators import NoPersonalNumber


class LoginForm(Form):
    """E-mail address and password."""

    email = EmailField(
        _l("E-mail address"),
        validators=[DataRequired(_l("Enter your e-mail address.")), Length(max=254)],
    )
    password = PasswordField(
        _l("Password"),
        validators=[DataRequired(_l("Enter your password.")), Length(max=200)],
    )


def refuse_demo_password(_form, field) -> None:
    """The public demo password may only be set by the demo command."""
    if field.data == DEMO_PASSWORD:
        raise ValidationError(
            _l("That password is public (it is the demo password). Choose another.")
        )


class PasswordForm(Form):
    """Change one's own password."""

    current = PasswordField(
        _l("Current password"),
        validators=[DataRequired(_l("Enter your current password."))],
    )
    new = PasswordField(
        _l("New password"),
        validators=[
            DataRequired(_l("Enter a new password.")),
            refuse_demo_password,
            Length(
                min=MIN_PASSWORD_LENGTH,
                max=200,
                message=_l(
                    "The new password must be at least %(min)d characters long."
                ),
            ),
        ],
    )
    confirm = PasswordField(
        _l("Repeat the new password"),
        validators=[EqualTo("new", _l("The two new passwords are not the same."))],
    )


class PreferencesForm(Form):
    """Language and e-mail preferences."""

    locale = SelectField(
        _l("Language"),
        choices=[
            SelectChoice(Locale.SV.value, "Svenska", render_kw={"lang": "sv"}),
            SelectChoice(Locale.EN.value, "English", render_kw={"lang": "en"}),
        ],
    )
    notify = RadioField(
        _l("E-mail about what concerns me"),
        choices=[
            SelectChoice(NotifyPreference.IMMEDIATELY.value, _l("At once")),
            SelectChoice(NotifyPreference.DIGEST.value, _l("A daily digest")),
            SelectChoice(NotifyPreference.OFF.value, _l("Never")),
        ],
    )


_ADDRESS = re.compile(r"[^@\s]+@[^@\s.]+(\.[^@\s.]+)+")


def email_address(_form, field) -> None:
    """A plausible address: something, one @, a domain with a dot."""
    if field.data and not _ADDRESS.fullmatch(field.data.strip()):
        raise ValidationError(
            _l("Write the e-mail address in full, e.g. anna.berg@sala.se.")
        )


class NewPasswordForm(Form):
    """Choose a password from an invitation or a reset link."""

    new = PasswordField(
        _l("New password"),
        validators=[
            DataRequired(_l("Enter a new password.")),
            refuse_demo_password,
            Length(
                min=MIN_PASSWORD_LENGTH,
                max=200,
                message=_l(
                    "The new password must be at least %(min)d characters long."
                ),
            ),
        ],
    )
    confirm = PasswordField(
        _l("Repeat the new password"),
        validators=[EqualTo("new", _l("The two new passwords are not the same."))],
    )


class ForgotPasswordForm(Form):
    """The address to send a reset link to."""

    email = EmailField(
        _l("E-mail address"),
        validators=[
            DataRequired(_l("Enter your e-mail address.")),
            Length(max=254, message=_l("At most %(max)d characters.")),
            NoPersonalNumber(),  # its message first, before the address's shape
            email_address,
        ],
    )
