"""ERP exceptions: documents from the ERP that could not be booked as they came,
and AR's resolution (book against a chosen company) or dismissal."""
