"""The stats as text: ``nazh audit`` prints it; /stats builds its embed from the same lines."""

from __future__ import annotations

from nazh.application.stats.dice_stats import DieFairness, RollLuck, StatsReport
from nazh.domain.fairness import MIN_EXPECTED, FitTest, Verdict
from nazh.presentation.i18n import N_, _

PLAIN_VERDICTS = {
    Verdict.CONSISTENT: N_("the dice look fair"),
    Verdict.UNUSUAL: N_("a little unusual, as fair dice are now and then"),
    Verdict.UNFAIR: N_("the dice do not look fair"),
    Verdict.TOO_FEW: N_("too few rolls to tell yet"),
}
"""A test's verdict as a player reads it (the numbers are ``nazh audit``'s)."""


def p_text(test: FitTest) -> str:
    """``χ² 18.2, p = 0.51`` (or ``p < 0.0001``)."""
    p = "p < 0.0001" if test.p_value < 0.0001 else f"p = {test.p_value:.4g}"
    return f"χ² {test.statistic:.1f} ({test.degrees} df), {p}"


def die_line(report: StatsReport, die: DieFairness) -> str:
    """``d20: 1,204 rolled · χ² 18.2 (19 df), p = 0.51 · consistent with fair dice``."""
    return (f"{die.die}: {die.rolled:,} rolled · {p_text(die.test)} · "
            f"{report.words(die.test)}")


def natural_lines(report: StatsReport) -> list[str]:
    """Natural 20s and 1s of the d20 against 5% each."""
    d20 = report.die("d20")
    if d20 is None or not d20.rolled:
        return []
    return [f"natural {face}: {d20.rate(face):.1%} of {d20.rolled:,} (fair: 5.0%) · "
            f"{report.words(d20.rate_test(face))}" for face in (20, 1)]


def plot_line(report: StatsReport) -> str | None:
    """The plot die's outcomes against a third each."""
    drawn = sum(report.plot)
    if not drawn:
        return None
    complications, blanks, opportunities = (n / drawn for n in report.plot)
    return (f"plot die: {drawn:,} faces · Complication {complications:.1%}, blank "
            f"{blanks:.1%}, Opportunity {opportunities:.1%} (fair: 33.3% each) · "
            f"{report.words(report.plot_test)}")


def pool_line(report: StatsReport) -> str | None:
    """The most-rolled pool's average against its exact expected value."""
    pool = report.pool
    if pool is None:
        return None
    return _("most rolled: {pool} ×{rolls} · average {average}, expected {expected} "
             "({difference})").format(pool=pool.pool, rolls=f"{pool.rolls:,}",
                                      average=f"{pool.average:.2f}",
                                      expected=f"{pool.expected:.2f}",
                                      difference=f"{pool.average - pool.expected:+.2f}")


def luck_line(luck: RollLuck) -> str:
    """``k3v9x0q2md: a1d20+5 → 25 (percentile 98.4)``."""
    return f"{luck.roll_id}: {luck.pool} → {luck.total} (percentile {luck.percentile:.1f})"


def audit_text(report: StatsReport) -> str:
    """``nazh audit``'s report."""
    lines = [f"{report.rolls:,} rolls · period {report.period.value} · significance "
             f"{report.alpha:g} ({report.family_alpha:.3g} per die, Bonferroni over "
             f"{len(report.dice) + (1 if sum(report.plot) else 0)})"]
    lines += [die_line(report, die) for die in report.dice]
    lines += natural_lines(report)
    lines += [line for line in (plot_line(report), pool_line(report)) if line]
    if report.luckiest:
        lines.append("luckiest: " + "; ".join(luck_line(luck) for luck in report.luckiest))
        lines.append("unluckiest: " + "; ".join(luck_line(luck)
                                                 for luck in report.unluckiest))
    lines.append(verdict_line(report))
    return "\n".join(lines) + "\n"


def verdict_line(report: StatsReport) -> str:
    """The audit's last line: FAIL naming the die sizes, NOTHING TO JUDGE, or PASS."""
    if report.failing:
        return f"FAIL: {', '.join(report.failing)} not consistent with fair dice"
    if not report.judged:
        return (f"NOTHING TO JUDGE: too few rolls to test any die size (each face must be "
                f"expected at least {MIN_EXPECTED:g} times)")
    return "PASS: every die size is consistent with fair dice"


# -- in plain words, for players (/stats) ------------------------------------------------------


def plain_verdict(report: StatsReport, test: FitTest) -> str:
    """``the dice look fair`` (or unusual, not fair, too few rolls to tell)."""
    words = report.words(test)
    return _(PLAIN_VERDICTS.get(words, words))


def plain_die_line(report: StatsReport, die: DieFairness) -> str:
    """``d20: 1,204 rolled · the dice look fair``."""
    return _("**{die}**: {rolled} rolled · {verdict}").format(
        die=die.die, rolled=f"{die.rolled:,}", verdict=plain_verdict(report, die.test))


def plain_plot_line(report: StatsReport) -> str | None:
    """The plot die's outcomes against a third each, the verdict in plain words."""
    drawn = sum(report.plot)
    if not drawn:
        return None
    complications, blanks, opportunities = (n / drawn for n in report.plot)
    return _("plot die: {drawn} faces · Complication {complications}, blank {blanks}, "
             "Opportunity {opportunities} (fair: 33.3% each) · {verdict}").format(
                 drawn=f"{drawn:,}", complications=f"{complications:.1%}",
                 blanks=f"{blanks:.1%}", opportunities=f"{opportunities:.1%}",
                 verdict=plain_verdict(report, report.plot_test))


def plain_natural_line(report: StatsReport) -> str | None:
    """``natural 20s 5.3%, natural 1s 4.8% (fair dice: 5% each)``."""
    d20 = report.die("d20")
    if d20 is None or not d20.rolled:
        return None
    return _("natural 20s {twenties}, natural 1s {ones} (fair dice: 5% each)").format(
        twenties=f"{d20.rate(20):.1%}", ones=f"{d20.rate(1):.1%}")


def plain_luck_line(luck: RollLuck) -> str:
    """``<@123> <t:…:d> · a1d20+5 → 25, better than 98% of such rolls``."""
    when = f"<t:{int(luck.at.timestamp())}:d>"
    better = round(luck.percentile)
    return (f"<@{luck.cell.user_id}> {when} · {luck.pool} → **{luck.total}**, "
            + _("better than {percent}% of such rolls").format(percent=better))
