"""Seed data of the demo and examples: organisations (orgs.json), example creation plans
(plans/), and `demo` which loads them. Only the CLI and the tests import it."""
