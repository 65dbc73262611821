"""Reminders (dunning): what goes out on a day, and AR's pauses per invoice or company."""
