"""Orders and their lines: what was ordered, shipped and delivered (the delivery
role reads these, never an amount)."""
