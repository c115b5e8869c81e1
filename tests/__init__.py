"""The test suite. Imported before any test module or conftest reads the app's configuration."""
import os

# The webhook receivers of the tests listen on loopback, which a deployment refuses by default
# (engine/webhooks/delivery.check_address). Set before web.config is read, so every app the
# tests create — and every server process they start, which inherits it — allows it.
os.environ.setdefault("WEBHOOK_PRIVATE_NETWORKS", "1")
