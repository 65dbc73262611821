"""Invoice queries: raised by a buyer on an invoice or chosen lines, a thread of
messages, resolved by AR (with a credit note or not). While one is open, the lines it
names are disputed (docs/ledger-layout.md, "Names")."""
