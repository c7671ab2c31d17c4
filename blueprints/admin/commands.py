"""Command-line tools: demo data, real accounts, and the mail and reminder crons."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from demo import seed_demo
from models import Organisation, Role, User, db, reviews, triage
from models.base import local_today
from models.spreading import remind_overdue
from models.user import (
    DEMO_PASSWORD,
    MIN_PASSWORD_LENGTH,
    find_user_by_email,
    normalise_email,
)

from ..mail import committed_mail, send_digests, send_immediate


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


@click.command("send-mail")
@with_appcontext
def send_mail_command() -> None:
    """Mail what is due to users who want it at once, retrying failures (cron)."""
    click.echo(f"{send_immediate()} notification mails sent.")


@click.command("send-digests")
@with_appcontext
def send_digests_command() -> None:
    """Mail each digest user one message with what is new (daily cron)."""
    click.echo(f"{send_digests()} digests sent.")


@click.command("send-reminders")
@with_appcontext
def send_reminders_command() -> None:
    """Remind nodes of spreads not answered by their date and of methods due for
    review; wake what was snoozed until today (daily cron, safe to run twice)."""
    today = local_today()
    reminded = remind_overdue(local_today())
    woken = triage.wake_due(today)
    reviews_due = reviews.remind_due(today)
    db.session.commit()
    send_immediate(committed_mail())
    click.echo(f"{reminded} overdue spreads reminded.")
    click.echo(f"{woken} snoozed submissions woken.")
    click.echo(f"{reviews_due} methods due for review reminded.")
