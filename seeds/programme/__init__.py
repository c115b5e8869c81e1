"""The living demo (`flask --app wsgi init-db --demo`): a national programme in motion,
built deterministically by driving the engine through two application rounds and an
evaluation round on the adjustable clock.

- `script`: the calendar of the programme (who does what, when);
- `casework`: a region's case moved task by task from the actors' inboxes;
- `plan_work`: plan imports and member units' progress reports;
- `scoring`, `texts`: the forms' contents; `people`: the accounts;
- `clockwork`: events in date order, timers and periodic jobs in between.
"""
from seeds.programme.build import NeedsAdjustableClock, build

__all__ = ["NeedsAdjustableClock", "build"]
