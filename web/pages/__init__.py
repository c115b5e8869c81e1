"""Server-rendered pages (Jinja2), one blueprint per module; `BLUEPRINTS` lists them."""
from web.pages import (
    account,
    admin,
    cases,
    clock,
    dashboard,
    definitions,
    inbox,
    inbox_tools,
    letters,
    plans,
    public,
    rounds,
    scores,
    tasks,
)

BLUEPRINTS = [module.bp for module in (inbox, definitions, admin, scores, account, cases, clock, dashboard,
                                       public, rounds, tasks, plans, letters, inbox_tools)]
