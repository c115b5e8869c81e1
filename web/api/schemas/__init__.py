"""marshmallow schemas of API v1: every input validated, every output shaped, per area."""
