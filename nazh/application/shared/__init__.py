"""What every feature needs: the clock port, periodic jobs, the logging context, untrusted JSON."""
