"""Quality checks: the rule catalogue and the engine that runs it."""
