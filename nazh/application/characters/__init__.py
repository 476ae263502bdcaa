"""Characters: players' Cosmere characters and GMs' adversaries, kept per server, changed with
an audit trail, and used by /check, /attack and /injury."""
