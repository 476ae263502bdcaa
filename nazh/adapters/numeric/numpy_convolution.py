"""The odds' fast path: sums of dice by numpy's FFT in floating point (numpy loaded on use)."""

from __future__ import annotations

from collections.abc import Sequence

from nazh.domain.convolution import Factor, factors_span

_SMOOTH_PRIMES = (2, 3, 5)


class NumpyConvolution:
    """Distributions of sums of independent factors by real FFT (a ``FloatConvolution``)."""

    def convolve(self, factors: Sequence[Factor]) -> list[float]:
        """``P(sum = k)`` for ``k = 0 .. span`` of the factors' sum."""
        import numpy as np  # noqa: PLC0415 - numpy loads only when a big pool needs it

        size = factors_span(factors) + 1
        length = fft_length(size)
        spectrum = np.ones(length // 2 + 1, dtype=np.complex128)
        for factor in factors:
            weights = np.asarray(factor.weights, dtype=np.float64)
            spectrum *= np.fft.rfft(weights / weights.sum(), length) ** factor.times
        probabilities = np.fft.irfft(spectrum, length)[:size]
        # Each probability is within ~1e-15 of the exact one; round-off below that may come out
        # negative.
        np.clip(probabilities, 0.0, None, out=probabilities)
        values: list[float] = probabilities.tolist()
        return values


def fft_length(size: int) -> int:
    """The smallest ``2^a 3^b 5^c`` at least ``size`` (a fast length for the FFT)."""
    best = 1 << max(0, size - 1).bit_length()
    power_of_five = 1
    while power_of_five < best:
        power_of_three = power_of_five
        while power_of_three < best:
            candidate = power_of_three
            while candidate < size:
                candidate *= 2
            best = min(best, candidate)
            power_of_three *= 3
        power_of_five *= 5
    return best
