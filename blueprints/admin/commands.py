"""Command-line tools: the demo data and real accounts."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from models import (
    DEMO_PASSWORD,
    MIN_PASSWORD_LENGTH,
    Organisation,
    Role,
    User,
    db,
    find_user_by_email,
    normalise_email,
)
from models.demo import seed_demo


@click.command("seed-demo")
@click.option("--if-empty", is_flag=True, help="Only seed a database with no users.")
@with_appcontext
def seed_demo_command(if_empty: bool) -> None:
    """Create the members, areas, demo accounts and demo data (idempotent)."""
    if if_empty and db.session.scalar(db.select(User.id).limit(1)) is not None:
        click.echo("The database already has users; demo data not seeded.")
        return
    created = seed_demo()
    db.session.commit()
    click.echo(f"Demo data ready ({created} new submissions).")


@click.command("create-user")
@click.option("--email", prompt=True)
@click.option("--name", prompt=True)
@click.option("--role", type=click.Choice([r.value for r in Role]), prompt=True)
@click.option("--org", "org_slug", prompt="Organisation slug")
@click.password_option()
@with_appcontext
def create_user_command(email, name, role, org_slug, password) -> None:
    """Create a real account with a password typed at the prompt."""
    org = db.session.scalar(
        db.select(Organisation).where(Organisation.slug == org_slug)
    )
    if org is None:
        raise click.BadParameter(f"no organisation with slug {org_slug!r}")
    if find_user_by_email(email):
        raise click.BadParameter(f"{email} already has an account")
    if password == DEMO_PASSWORD or len(password) < MIN_PASSWORD_LENGTH:
        raise click.BadParameter(
            f"choose a password of at least {MIN_PASSWORD_LENGTH} characters "
            "that is not the demo password"
        )
    user = User(
        email=normalise_email(email), name=name, role=Role(role), organisation=org
    )
    user.set_password(password)
    db.session.add(user)
    db.session.commit()
    click.echo(f"Created {user.email} ({role}, {org.name}).")
