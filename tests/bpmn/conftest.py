"""Fixtures of the in-memory lifecycle tests."""
from datetime import datetime

import pytest

from tests.helpers.lifecycle_driver import CST, Clock, patched_clock

START = datetime(2026, 1, 5, 9, 0, tzinfo=CST)


@pytest.fixture
def clock():
    """A fake clock that SpiffWorkflow's timers read, starting on a Monday morning."""
    clock = Clock(START)
    with patched_clock(clock):
        yield clock
