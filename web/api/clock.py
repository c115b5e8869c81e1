"""Clock and timers, for demos and tests only: 404 unless the clock is adjustable."""
from datetime import UTC, datetime, timedelta

from flask import abort, current_app, g

from engine import clock
from engine.errors import Forbidden, InvalidInput
from engine.scheduling import timers
from web.api import Blueprint, protected
from web.api.schemas.common import ClockChangeSchema, ClockSchema, FiredListSchema

blp = protected(Blueprint("api_admin", __name__, url_prefix="/api/v1/admin",
                          description="Clock and timers (demos and tests)"))


@blp.before_request
def only_with_adjustable_clock():
    if not current_app.config["ADJUSTABLE_CLOCK"]:
        abort(404)
    if not (g.user.has_role("admin") or g.user.has_role("samr")):
        raise Forbidden("only an administrator moves the clock")


@blp.route("/clock")
@blp.response(200, ClockSchema)
def get_clock():
    return {"now": clock.now()}


@blp.route("/clock", methods=["POST"])
@blp.arguments(ClockChangeSchema)
@blp.response(200, ClockSchema)
def move_clock(args):
    """Advance the clock by an ISO duration or set it to a moment."""
    _check_target(args)
    if "set" in args:
        clock.clock.set(args["set"])
    if "advance" in args:
        clock.clock.advance(clock.parse_duration(args["advance"], clock.now()))
    return {"now": clock.now()}


MAX_TRAVEL = timedelta(days=365 * 200)


def _check_target(args):
    """400 unless the move lands within two centuries of real time (beyond, the offset
    overflows the database and the working-day calendar has no years)."""
    try:
        target = args.get("set") or clock.now()
        if "advance" in args:
            target = target + clock.parse_duration(args["advance"], target)
        travel = abs(target - datetime.now(UTC))
    except (OverflowError, ValueError) as exc:
        raise InvalidInput("the clock cannot move there: {exc}", fields={"advance": [str(exc)]}, exc=exc) from exc
    if travel > MAX_TRAVEL:
        raise InvalidInput("the clock moves at most 200 years away from real time",
                           fields={"set" if "set" in args else "advance": ["more than 200 years away"]})


@blp.route("/timers/run", methods=["POST"])
@blp.response(200, FiredListSchema)
def run_timers():
    """Fire what is due now, exactly as the scheduler would."""
    return {"fired": timers.run_due()}
