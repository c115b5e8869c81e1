"""Accounts: signing in (password check, lockout) and changing one's own password."""
