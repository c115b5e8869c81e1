"""Webhooks for other systems: subscriptions (subscriptions.py), an outbox written in the
transaction of each state change (outbox.py), signed delivery after commit (delivery.py,
signing.py)."""
