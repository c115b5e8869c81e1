"""Accounts: signing in (password check, throttling strangers cannot abuse, known clients),
page sessions that end together, and changing one's own password."""
