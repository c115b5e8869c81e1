"""The work on cases: starting them, human tasks and the inbox over them, send-back and
recall (returns, resubmission), drafts, documents, rounds, recommendation lists,
public-notice objections, notifications and read-only reports."""
