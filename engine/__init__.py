"""The workflow runtime over SpiffWorkflow.

Web requests and scheduler jobs call the services here (cases, tasks, timers,
definitions); each service loads one case under a lock, moves it, and writes it
back with its human tasks and audit events in one transaction. Nothing here
imports Flask or the web layer.
"""
