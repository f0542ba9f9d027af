"""`edgevoice scan "text"`: print the scanner's verdict on one text.

Exit codes: 0 allow, 1 flag, 3 block, 2 usage error, so a shell script can branch on the verdict
(`--exit-zero` always exits 0 after printing). `-` reads the text from standard input.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict

EXIT_CODES = {"allow": 0, "flag": 1, "block": 3}
USAGE_ERROR = 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse exits with 2 too; keep our own message
        self.print_usage(sys.stderr)
        print(f"edgevoice scan: {message}", file=sys.stderr)
        raise SystemExit(USAGE_ERROR)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="edgevoice scan", description="Scan a text for prompt injection.")
    parser.add_argument("text", nargs="+", help='the text to scan (several words are joined); "-" reads stdin')
    parser.add_argument("--json", action="store_true", help="print the verdict as JSON")
    parser.add_argument("--flag-threshold", type=float, help="score from which to flag (default: ScanConfig's)")
    parser.add_argument("--block-threshold", type=float, help="score from which to block (default: ScanConfig's)")
    parser.add_argument("--exit-zero", action="store_true", help="exit 0 whatever the verdict")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(sys.argv[1:] if argv is None else argv)
    from scanner import ScanConfig, scan

    defaults = ScanConfig()
    try:
        config = ScanConfig(
            flag_threshold=defaults.flag_threshold if args.flag_threshold is None else args.flag_threshold,
            block_threshold=defaults.block_threshold if args.block_threshold is None else args.block_threshold,
        )
    except ValueError as error:
        print(f"edgevoice scan: {error}", file=sys.stderr)
        return USAGE_ERROR
    text = sys.stdin.read() if args.text == ["-"] else " ".join(args.text)
    verdict = scan(text, config=config)
    if args.json:
        print(json.dumps(asdict(verdict)))
    else:
        print(f"{verdict.action}  score={verdict.score:.3f}  ({verdict.elapsed_us:.0f} us)")
        for reason in verdict.reasons:
            print(f"  - {reason}")
    return 0 if args.exit_zero else EXIT_CODES[verdict.action]


if __name__ == "__main__":
    sys.exit(main())
