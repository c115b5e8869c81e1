"""What administrators do when something breaks: incidents, retry/suspend/resume, backup and
restore, rebuilding the search index (reindex)."""
