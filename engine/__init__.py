"""The services over SpiffWorkflow, one package per concern.

runtime/ (a case's workflow: load, save, scripts, pruning), definitions/ (deployed versions,
forms, lint, migration), casework/ (cases, tasks, the inbox, documents, rounds), scoring/,
plans/ (creation plans), scheduling/ (timers, escalation, supervision), operations/
(incidents, backup), accounts/; at the top, what all of them use (access, audit, clock,
errors, the text policy, transactions, thresholds, working days).

Web requests and scheduler jobs call these services; each loads one case under a lock,
moves it, and writes it back with its human tasks and audit events in one transaction.
Nothing here imports Flask or the web layer.
"""
