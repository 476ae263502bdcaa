"""The Discord side: the runtime both transports feed, and the features.

lightbulb's dependency injection (linkd) is switched off as this package loads, before
lightbulb is first imported: linkd reads its documented switch, ``LINKD_DI_DISABLED``, once as
it loads, and the switch is set only for that moment (the processes the bot starts inherit
none of it). Nazh builds its features once and binds them to the commands as they are added
(:func:`~nazh.adapters.discord.runtime.core.bind_features`), so a container per interaction
would only cost time (60-70 µs of CPU a command). An operator's own setting of the variable
is what linkd reads.
"""

import os

if "LINKD_DI_DISABLED" not in os.environ:
    os.environ["LINKD_DI_DISABLED"] = "true"
    try:
        import linkd  # noqa: F401  # reads the switch as it loads
    finally:
        del os.environ["LINKD_DI_DISABLED"]
