"""Redis: interaction ids claimed by every replica of ``nazh serve``."""
