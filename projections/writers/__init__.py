"""What each read model does with an event: one module per view family.

A module holds the handlers of one family of tables (invoices, allocations,
disputes and queries, payments, companies and their credit, orders, people,
statement lines, ERP exceptions, dispatches, bank entries) and registers them
on its own `FAMILY`; `projections.projector` joins the families and dispatches.
Reading the log, batching, tracking and rebuilds live apart, in
`projections.views` and `projections.recorder`: nothing here knows of them.

Handlers get the `Rows` unit of work, the event and its log position, and change
rows the way the aggregate changed state. Nothing here reads the clock or the
event store, so replaying the same events always writes the same rows (rebuilds
are byte-identical).
"""
