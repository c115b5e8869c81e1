"""Engine settings: plain values the application passes in at start."""
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Settings:
    main_process: str = "zone_lifecycle"
    # Case data every new case starts with; diagrams read them by name.
    case_defaults: dict = field(default_factory=lambda: {
        "notice_period": "P15D",       # Art 15: 15-day public notice
        "max_creation_period": "P3Y",  # Art 9: generally not over 3 years
    })
    # Art 24: the management measures new cases start under (models.process.Measures); a case
    # keeps its own when they change.
    measures: str = "2024"
    # Art 9 "generally": how far beyond max_creation_period SAMR may grant an exception.
    # Forms name both in `x-max-duration`: a longer creation_period is a 400 on submission.
    creation_period_exception_cap: str = "P2Y"
    # Diagram code (scripts, conditions, DMN cells, cardinalities) of one engine step may
    # take this many steps (loop rounds, calls, items iterated), this long and this much
    # more memory; beyond, the step fails into an incident (engine.runtime.budget).
    script_steps: int = 1_000_000
    script_seconds: float = 0.25  # on SQLite the step holds the write lock: every other request waits
    script_memory_mb: int = 256
    # The most instances one multi-instance activity may start by its cardinality.
    max_instances: int = 1000
    # Mail of notifications over SMTP (engine/mail/); no host: the outbox waits.
    mail_host: str | None = None
    mail_port: int = 25
    mail_tls: str = "none"  # "starttls", "ssl" or "none"
    mail_sender: str = "noreply@demo.invalid"
    mail_username: str | None = None
    mail_password: str | None = None
    mail_timeout: float = 10.0
    mail_ca_file: str | None = None  # CA certificates to trust beyond the system's (an internal CA)
    mail_base_url: str = "http://127.0.0.1:5000"  # links in the mail point here
    # Webhook receivers on loopback, private, link-local or reserved addresses are refused at
    # sending (an administrator's URL must not reach the servers' own network) unless allowed.
    webhook_private_networks: bool = False


settings = Settings()


def configure(**values: Any) -> Settings:
    for key, value in values.items():
        setattr(settings, key, value)
    return settings
