"""The event log as auditors read it: every event with its hash, in log order."""
