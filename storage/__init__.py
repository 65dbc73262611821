"""How events are kept in a database, below the domain: recorders eventsourcing loads by
topic (`ledger.store.environment` names them in the application's settings).

The domain (`ledger/`) decides and does no I/O; code here talks to the database and
knows nothing of the books: it imports none of our packages.
"""
