"""Server-rendered pages (Jinja2), one blueprint per module; `BLUEPRINTS` lists them."""
from web.pages import (
    account,
    admin,
    analytics,
    cases,
    clock,
    dashboard,
    definition_drafts,
    definitions,
    handover,
    inbox,
    inbox_tools,
    letters,
    messages,
    plans,
    public,
    round_statistics,
    rounds,
    scores,
    tasks,
)

BLUEPRINTS = [module.bp for module in (inbox, definitions, definition_drafts, admin, scores, account, cases, clock, dashboard,
                                       public, rounds, round_statistics, tasks, plans, letters, handover,
                                       messages, inbox_tools, analytics)]
