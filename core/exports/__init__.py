"""Partner exports: profiles, snapshots and selection, rendering, delivery, and the ledger."""
