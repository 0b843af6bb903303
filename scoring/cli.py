"""Command line: `python -m scoring example|schema|rulesets|score|plan …`.

Bad input exits 2 with a Chinese message naming the field; no traceback reaches the user.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from criteria import CatalogueError, load_catalogue
from criteria.rules import MAX_JSON_BYTES
from locales import Words, in_words, msg, render
from scoring.engine import Settings, score
from scoring.example import example_assessment
from scoring.io import InputError, dump_assessment, read_assessment, zero_denominator_problems
from scoring.models import Assessment, Result
from scoring.report_text import result_text
from scoring.whatif import UnknownLevel, plan_text, plan_to_level

EXIT_OK = 0  # scored, complete
EXIT_INPUT = 2  # the input was refused (nothing scored)
EXIT_INCOMPLETE = 3  # scored, but data is missing (e.g. 工业总产值 0 or empty): as the wizard's incomplete result


def _read_source(path: str) -> bytes:
    """The bytes of a file or stdin, at most MAX_JSON_BYTES + 1 read (a bigger file is refused, not loaded)."""
    if path == "-":
        return sys.stdin.buffer.read(MAX_JSON_BYTES + 1)
    p = Path(path)
    if not p.is_file():
        raise InputError([msg("scoring_cli.no_file", path=path)])
    if p.stat().st_size > MAX_JSON_BYTES:
        raise InputError([msg("invalid.too_large")])
    return p.read_bytes()


def _load(path: str, lang: str) -> Assessment:
    """The assessment by the shared input rules (`scoring.io.read_assessment`). What intake changed and a 0 used as
    a denominator are said on stderr; a 0 is scored as the wizard scores it (those indicators lack data)."""
    a, notices = read_assessment(_read_source(path), lang)
    for n in notices:
        print(render(lang, n), file=sys.stderr)
    for z in zero_denominator_problems(a):
        print(render(lang, msg("intake.zero_scored", problem=z)), file=sys.stderr)
    return a


def result_json(r: Result, lang: str = "zh") -> str:
    """The Result with its working, every message and name in `lang`."""
    return json.dumps(in_words(r, lang), ensure_ascii=False, indent=2)


def cmd_example(args: argparse.Namespace) -> int:
    if args.sample:
        from scoring.samples import sample_assessment

        print(dump_assessment(sample_assessment(args.sample, args.ruleset, args.profile)))
    else:
        print(dump_assessment(example_assessment(args.ruleset, args.profile)))
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    print(json.dumps(Assessment.model_json_schema(), ensure_ascii=False, indent=2))
    return 0


def cmd_rulesets(args: argparse.Namespace) -> int:
    cat = load_catalogue()
    lang = args.lang
    L = Words(lang, "scoring_cli")
    print(L("rulesets"))
    for rs in cat.rulesets.values():
        counts = "/".join(str(len(d.indicators)) for d in rs.dimensions)
        print(f"  {rs.id:32} {rs.edition:16} [{rs.status}] {rs.name.get(lang)}  {L('indicators', counts=counts)}")
    print(L("profiles"))
    for p in cat.profiles.values():
        levels = ", ".join(f"{lv.name.get(lang)}≥{'?' if lv.min_total.value is None else f'{lv.min_total.value:g}'}"
                           for lv in p.levels)
        print(f"  {p.id:32} {p.name.get(lang)}  ({levels})")
    return 0


def _settings(args: argparse.Namespace) -> Settings:
    """A published district yardstick set given with --yardsticks (a JSON file from `python -m pool yardsticks`)."""
    if not getattr(args, "yardsticks", None):
        return Settings()
    from pydantic import ValidationError

    from scoring.yardstick_set import YardstickSet

    try:
        return Settings(yardsticks=YardstickSet.model_validate_json(_read_source(args.yardsticks)))
    except ValidationError as exc:
        raise InputError([msg("scoring_cli.bad_yardsticks", path=args.yardsticks, n=exc.error_count())],
                         args.lang) from exc


def cmd_score(args: argparse.Namespace) -> int:
    a = _load(args.file, args.lang)
    r = score(a, ruleset_id=args.ruleset, profile_id=args.profile, settings=_settings(args))
    print(result_json(r, args.lang) if args.format == "json" else result_text(r, args.lang))
    if not r.complete:
        print(render(args.lang, msg("intake.incomplete_exit")), file=sys.stderr)
        return EXIT_INCOMPLETE
    return EXIT_OK


def cmd_plan(args: argparse.Namespace) -> int:
    """The cheapest set of gap closures that reaches a level (scoring.whatif)."""
    a = _load(args.file, args.lang)
    r = score(a, ruleset_id=args.ruleset, profile_id=args.profile)
    plan = plan_to_level(a, r, args.level)
    print(json.dumps({**in_words(plan, args.lang), "message": render(args.lang, plan.note)}, ensure_ascii=False,
                     indent=2) if args.format == "json" else plan_text(plan, args.lang))
    return 0


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m scoring", description="绿色工厂自评价：评分引擎命令行")
    p.add_argument("--lang", choices=["zh", "en"], default="zh", help="输出语言")
    sub = p.add_subparsers(dest="command", required=True)
    ex = sub.add_parser("example", help="输出一份完整的虚构示例评价（JSON）")
    ex.add_argument("--ruleset", default="gbt36132_2025_platform")
    ex.add_argument("--profile", default=None)
    ex.add_argument("--sample", choices=["cement", "fibre"], default=None,
                    help="行业示例：cement = 虚构水泥熟料生产线，fibre = 虚构涤纶长丝企业（按国家能耗限额计分）")
    ex.set_defaults(fn=cmd_example)
    sub.add_parser("schema", help="输出评价输入的 JSON Schema").set_defaults(fn=cmd_schema)
    sub.add_parser("rulesets", help="列出评价规则集和地方方案").set_defaults(fn=cmd_rulesets)
    sc = sub.add_parser("score", help="对 JSON 评价文件评分（- 表示标准输入）")
    sc.add_argument("file")
    sc.add_argument("--ruleset", default=None)
    sc.add_argument("--profile", default=None)
    sc.add_argument("--format", choices=["text", "json"], default="text")
    sc.add_argument("--yardsticks", default=None, help="区级基准值集（python -m pool yardsticks 输出的 JSON）")
    sc.set_defaults(fn=cmd_score)
    pl = sub.add_parser("plan", help="达到指定等级的最省力改进方案（如 --level star4）")
    pl.add_argument("file")
    pl.add_argument("--level", required=True, help="等级 id，见 rulesets 命令")
    pl.add_argument("--ruleset", default=None)
    pl.add_argument("--profile", default=None)
    pl.add_argument("--format", choices=["text", "json"], default="text")
    pl.set_defaults(fn=cmd_plan)
    return p


MOVED_TO_POOL = ("template", "batch")  # the pool's commands live in `python -m pool` since the pool/ package


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    moved = next((w for w in argv if not w.startswith("-")), None)
    if moved in MOVED_TO_POOL:
        print(Words("zh", "scoring_cli")("moved", command=moved), file=sys.stderr)
        return EXIT_INPUT
    return run(build_parser(), argv)


def run(parser: argparse.ArgumentParser, argv: Sequence[str]) -> int:
    """Parse and dispatch; bad input becomes exit code 2 with a Chinese message, never a traceback."""
    args = parser.parse_args(argv)
    L = Words(args.lang, "scoring_cli")
    try:
        return int(args.fn(args))
    except InputError as exc:
        print(L("invalid"), file=sys.stderr)
        for line in exc.lines(args.lang):
            print(f"  - {line}", file=sys.stderr)
        return EXIT_INPUT
    except UnknownLevel as exc:
        print(render(args.lang, exc.message), file=sys.stderr)
        return EXIT_INPUT
    except KeyError as exc:  # unknown rule-set or profile id
        print(str(exc.args[0]) if exc.args else str(exc), file=sys.stderr)
        return EXIT_INPUT
    except CatalogueError as exc:
        print(L("catalogue", error=exc), file=sys.stderr)
        return EXIT_INPUT
    except BrokenPipeError:
        return 0
