"""Tests the GM asks of the table (``/request``): kept requests, their changes and their rolls."""
