"""Review: decisions on conversions (approve, reject), the audit trail, and diffs."""
