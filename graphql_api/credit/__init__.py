"""Credit control: companies, their credit status and hold, aging, statement,
risk, the credit limit, and AR's metrics (DSO, value in dispute, aged debt)."""
