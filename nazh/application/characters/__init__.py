"""Characters: players' sheets and GMs' adversaries, per server, audited, rolled by /check."""
