"""Administration forms: users, organisations, areas, the log's filter, lists."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    EmailField,
    IntegerField,
    SearchField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
)
from wtforms.validators import DataRequired, Length, ValidationError

from models import Organisation, Role, db
from models.accounts import WRONG_ORGANISATION, role_fits
from models.changelog import log_actors
from models.labels import label
from models.organisation import member_organisations

from ..auth.forms import email_address
from ..forms import Form, QueryForm, any_choice
from ..validators import NoPersonalNumber

MAX_PAGE = 10_000


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


def _page(number: int | None) -> int:
    return min(max(number or 1, 1), MAX_PAGE)


def _slug(value: str) -> str:
    return value[:60]


def _digits(value: str) -> str:
    return value if value.isdigit() and len(value) < 10 else ""


def role_choices() -> list[SelectChoice]:
    """Every role with its translated label."""
    return [SelectChoice(r.value, label(r)) for r in Role]


def _all_orgs() -> list[Organisation]:
    return list(db.session.scalars(db.select(Organisation).order_by(Organisation.name)))


class UserFilterForm(QueryForm):
    """Search and filters of the user list, read from the address."""

    q = SearchField(_l("Search name or e-mail"), default="", filters=[_slug])
    role = any_choice(
        _l("Role"), lambda: [SelectChoice("", _l("All")), *role_choices()], [_slug]
    )
    organisation = any_choice(
        _l("Organisation"),
        lambda: [
            SelectChoice("", _l("All")),
            *(SelectChoice(o.slug, o.name) for o in _all_orgs()),
        ],
        [_slug],
    )
    state = SelectField(
        _l("State"),
        choices=[
            SelectChoice("", _l("All")),
            SelectChoice("active", _l("Active account")),
            SelectChoice("inactive", _l("Deactivated")),
        ],
        default="",
    )
    never = BooleanField(_l("Never signed in"))
    page = IntegerField(default=1, filters=[_page])


# Made in the order the forms show them (WTForms orders fields by creation).
_NAME = StringField(
    _l("Name"),
    validators=[
        DataRequired(_l("Write the person's name.")),
        Length(max=200, message=_l("At most %(max)d characters.")),
    ],
)
_EMAIL = EmailField(
    _l("E-mail address"),
    validators=[
        DataRequired(_l("Write the person's e-mail address.")),
        Length(max=254, message=_l("At most %(max)d characters.")),
        NoPersonalNumber(),  # its message first, before the address's shape
        email_address,
    ],
)


class UserForm(Form):
    """An account's name, role and organisation."""

    name = _NAME
    role = SelectField(_l("Role"), choices=role_choices)
    organisation = SelectField(
        _l("Organisation"),
        description=_l(
            "A coordinator or practitioner belongs to a member; the county "
            "office's staff and administrators to the county office."
        ),
    )

    def offer(self, current: Organisation | None = None) -> UserForm:
        """Offer the office and the members that have not left (and `current`)."""
        orgs = [o for o in _all_orgs() if o.active or o == current]
        self.organisation.choices = [SelectChoice(o.slug, o.name) for o in orgs]
        return self

    def chosen_organisation(self) -> Organisation | None:
        """The organisation the form names."""
        return db.session.scalar(
            db.select(Organisation).where(Organisation.slug == self.organisation.data)
        )

    def validate_organisation(self, field) -> None:
        """Say at once when the role does not belong in the organisation."""
        org = self.chosen_organisation()
        if org is None or self.role.data not in {r.value for r in Role}:
            return
        if not role_fits(Role(self.role.data), org):
            raise ValidationError(WRONG_ORGANISATION[Role(self.role.data)])


class NewUserForm(UserForm):
    """A new account: who, their address, role and organisation."""

    email = _EMAIL


class OrganisationForm(Form):
    """An organisation's name and short name."""

    name = StringField(
        _l("Name"),
        validators=[
            DataRequired(_l("Write the organisation's name.")),
            Length(max=200, message=_l("At most %(max)d characters.")),
        ],
    )
    short_name = StringField(
        _l("Short name"),
        description=_l("Used where space is short, e.g. Köping. May be left empty."),
        validators=[Length(max=60, message=_l("At most %(max)d characters."))],
    )


class AreaForm(Form):
    """An area's name and members."""

    name = StringField(
        _l("Name of the area"),
        validators=[
            DataRequired(_l("Write the name of the area.")),
            Length(max=200, message=_l("At most %(max)d characters.")),
        ],
    )
    members = SelectMultipleField(_l("Members"))

    def offer(self, kept: list[Organisation] | None = None) -> AreaForm:
        """Offer the members that have not left, and those already in the area."""
        orgs = member_organisations()
        orgs += [o for o in kept or [] if o not in orgs]
        self.members.choices = [
            SelectChoice(o.slug, o.name) for o in sorted(orgs, key=lambda o: o.name)
        ]
        return self

    def chosen_members(self) -> list[Organisation]:
        """The organisations ticked."""
        slugs = self.members.data or []
        if not slugs:
            return []
        return list(
            db.session.scalars(
                db.select(Organisation)
                .where(Organisation.slug.in_(slugs))
                .order_by(Organisation.name)
            )
        )


LOG_KINDS = {
    "user": _l("Users"),
    "organisation": _l("Organisations"),
    "area": _l("Areas"),
    "contribution": _l("Contributions"),
    "residents": _l("Residents 16–64"),
    "insats": _l("Insatser"),
    "budget": _l("Budget and utfall"),
}


class LogFilterForm(QueryForm):
    """The admin log's filters, read from the address."""

    actor = any_choice(
        _l("Made by"),
        lambda: [
            SelectChoice("", _l("Anyone")),
            *(SelectChoice(str(u.id), u.name) for u in log_actors()),
        ],
        [_digits],
    )
    kind = SelectField(
        _l("Kind"),
        choices=[
            SelectChoice("", _l("All")),
            *(SelectChoice(k, v) for k, v in LOG_KINDS.items()),
        ],
        default="",
    )
    page = IntegerField(default=1, filters=[_page])
