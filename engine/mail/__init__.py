"""Mail of notifications: who receives a notification by mail (`recipients`), the outbox row
written with each notification in its own transaction (`outbox`), the Chinese texts
(`texts`), and delivery over SMTP after the commit, with retries, leases and the daily
digest (`delivery`)."""
