"""What every feature of the application needs: the clock port, periodic jobs, the logging context,
parsing untrusted JSON."""
