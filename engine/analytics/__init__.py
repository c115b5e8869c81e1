"""Process analytics: where cases wait, per step (steps) and along which paths (flows),
computed from the inbox rows, the send-backs and the audit trail — no second bookkeeping."""
