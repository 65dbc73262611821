"""Invoice queries (disputes): raised by a buyer on an invoice or chosen lines,
a thread of messages, resolved by AR (with a credit note or not)."""
