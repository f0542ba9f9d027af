"""The `edgevoice` command: a dispatcher over subcommands that each package registers.

Subcommands are entry points in the group ``edgevoice.commands`` (see pyproject.toml). Loading
them by name keeps `voice` free of imports from the packages that build on it.
"""

from __future__ import annotations

import os
import sys
from importlib.metadata import entry_points

COMMAND_GROUP = "edgevoice.commands"


def available_commands() -> dict[str, object]:
    return {ep.name: ep for ep in entry_points(group=COMMAND_GROUP)}


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    commands = available_commands()
    names = ", ".join(sorted(commands))
    if not args or args[0] in ("-h", "--help"):
        print(f"usage: edgevoice COMMAND [ARGS...]\n\ncommands: {names}\n"
              "run `edgevoice COMMAND --help` for a command's options")
        return 0 if args else 2
    name, rest = args[0], args[1:]
    if name not in commands:
        print(f"edgevoice: unknown command {name!r} (commands: {names})", file=sys.stderr)
        return 2
    command_main = commands[name].load()
    try:
        return int(command_main(rest) or 0)
    except BrokenPipeError:
        # The reader went away (`edgevoice scan ... | head -1`): stop quietly, as a filter does,
        # with stdout pointed at devnull so the interpreter's final flush cannot raise again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1


if __name__ == "__main__":
    sys.exit(main())
