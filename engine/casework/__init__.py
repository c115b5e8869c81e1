"""The work on cases: starting them, human tasks and the inbox over them, send-back and
recall (returns, resubmission), drafts, documents, rounds, recommendation lists,
public-notice objections, notifications and the message centre over them (messages),
read-only reports, official documents of decisions (decisions, numbering: 文号 and letters)
and what the public sees of them (publication)."""
