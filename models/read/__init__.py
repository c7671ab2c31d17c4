"""The read side: queries that pages ask, and the counts and search they use."""
