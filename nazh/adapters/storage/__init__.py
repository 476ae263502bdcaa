"""Storage: the roll log and everything Nazh keeps, in SQLite or PostgreSQL (SQLAlchemy Core)."""
