"""The Discord side: the runtime both transports feed, and the features."""

import os

# Switch lightbulb's injection (linkd) off before lightbulb is first imported: linkd reads its
# documented switch once as it loads, and it is set only for that moment (child processes inherit
# none; an operator's own setting wins). Features are built once and bound to commands
# (runtime.core.bind_features): a container per interaction would cost 60-70 µs a command.
if "LINKD_DI_DISABLED" not in os.environ:
    os.environ["LINKD_DI_DISABLED"] = "true"
    try:
        import linkd  # noqa: F401  # reads the switch as it loads
    finally:
        del os.environ["LINKD_DI_DISABLED"]
