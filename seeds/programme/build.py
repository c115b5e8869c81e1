"""Build the living demo on an empty database: organisations and accounts, then the
programme's calendar (seeds/programme/script.py) driven through the engine on the
adjustable clock, which is left at the demo's "today"."""
from engine import clock
from engine.config import configure, settings
from engine.scoring import catalog
from models import Case, db
from seeds import demo
from seeds.programme import people, script
from seeds.programme.clockwork import at


class NeedsAdjustableClock(RuntimeError):
    """The demo moves time: it runs only with ADJUSTABLE_CLOCK=1 (never in production)."""


def build():
    """Returns False (and does nothing) when the database already holds cases."""
    if not clock.clock.adjustable:
        raise NeedsAdjustableClock("the living demo moves time: run it with ADJUSTABLE_CLOCK=1")
    if db.session.query(Case.id).first() is not None:
        return False
    orgs = demo.load_orgs()
    people.load(orgs)
    clock.clock.set(at(script.START))
    demo.load_patterns(orgs, clock.now())  # the issuers' 文号 patterns, before any decision
    in_force, measures = catalog.current_key(), settings.measures
    try:
        script.timeline().run(until=script.END)
    finally:
        catalog.set_current(in_force)  # what configuration says is current (INDICATOR_SYSTEM)
        configure(measures=measures)  # and MEASURES
    return True
