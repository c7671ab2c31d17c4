"""Spreading accepted submissions to other nodes, their answers and reminders."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from models import Answer, Organisation, Spread, Status, Submission, db, spreading

from .plan import Demo, Timeline

# How likely an accepted submission of each kind is spread, and how nodes answer.
SPREAD_CHANCE = {"need": 0.3, "initiative": 0.5, "practice": 1.0}
ANSWER_WEIGHTS = {
    "adopted": 22,
    "adopting": 18,
    "interested": 28,
    "not_relevant": 12,
    "": 20,
}


def plan_spread(demo: Demo, tl: Timeline) -> None:
    """Spread an accepted submission to other nodes; plan their answers."""
    item, rng = tl.item, demo.rng
    if item.status != Status.ACCEPTED:
        return
    if not item.spread and rng.random() >= SPREAD_CHANCE[item.kind]:
        return
    at = demo.decided[item.title] + timedelta(days=rng.randint(2, 20), hours=1)
    if at > demo.now - timedelta(days=3):
        return
    pool = [s for s, org in demo.orgs.items() if org.is_member and s != item.origin]
    chosen = sorted(rng.sample(pool, rng.randint(3, 6)))
    answers, weights = list(ANSWER_WEIGHTS), list(ANSWER_WEIGHTS.values())
    targets = list(item.spread) or [
        (s, rng.choices(answers, weights)[0]) for s in chosen
    ]
    days = rng.choice((30, 45, 60)) if item.spread or rng.random() < 0.5 else 0
    message = rng.choice(demo.phrases["spread_messages"][item.kind])
    deadline = (at + timedelta(days=days)).date() if days else None
    slugs, central = [slug for slug, _ in targets], demo.central
    demo.clock.at(
        at,
        central,
        lambda: spreading.spread_to(tl.sub, slugs, central, message, deadline),
    )
    for slug, answer in targets:
        _answer(demo, tl, at, slug, Answer(answer) if answer else None)
    if deadline is not None:
        _remind(demo, deadline)


def _answer(demo: Demo, tl: Timeline, start: datetime, slug: str, answer) -> None:
    """Plan the node's answer, if it gives one before now."""
    rng, now = demo.rng, demo.now
    at = start + timedelta(days=rng.randint(3, 75), minutes=rng.randint(-90, 240))
    if tl.item.spread:
        at = min(at, now - timedelta(hours=rng.uniform(6, 72)))
    if answer is None or at >= now:
        return
    who = demo.coordinators[slug]
    steps = [(answer, at)]
    if answer == Answer.ADOPTED and rng.random() < 0.5:  # first "adopting", then done
        steps.insert(0, (Answer.ADOPTING, start + (at - start) / 2))
    for step, when in steps:
        note = rng.choice(demo.phrases["answer_notes"][step.value])
        demo.clock.at(
            when,
            who,
            lambda step=step, note=note: spreading.answer_spread(
                _spread_of(tl.sub, demo.orgs[slug]), who, step, note
            ),
        )


def _spread_of(sub: Submission, org: Organisation) -> Spread:
    return db.session.scalar(
        db.select(Spread).filter_by(submission_id=sub.id, organisation_id=org.id)
    )


def _remind(demo: Demo, deadline) -> None:
    """Run the reminder cron on the first morning after an answer date passed."""
    day = deadline + timedelta(days=1)
    at = datetime.combine(day, time(6))
    if at < demo.now and day not in demo.reminder_days:
        demo.reminder_days.add(day)
        demo.clock.at(at, None, lambda: spreading.remind_overdue(day))
