"""Work too heavy for the event loop (odds of large pools, charts), in worker processes."""
