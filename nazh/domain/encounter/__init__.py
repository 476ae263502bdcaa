"""The encounter's rules (the Cosmere RPG's rounds): pure values, every act returning an Outcome."""
