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
from scoring.engine import Settings, score
from scoring.example import example_assessment
from scoring.io import InputError, dump_assessment, parse_assessment, zero_denominators
from scoring.models import Assessment, Result
from scoring.report_text import result_text
from scoring.whatif import plan_text, plan_to_level

EXIT_INPUT = 2


def _read_source(path: str) -> bytes:
    if path == "-":
        return sys.stdin.buffer.read()
    p = Path(path)
    if not p.is_file():
        raise InputError([f"找不到文件：{path}"])
    return p.read_bytes()


def _load(path: str, lang: str) -> Assessment:
    a = parse_assessment(_read_source(path), lang)
    zeros = zero_denominators(a, lang)
    if zeros:
        raise InputError(zeros)
    return a


def result_json(r: Result) -> str:
    return json.dumps(r.model_dump(mode="json"), ensure_ascii=False, indent=2)


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
    print("评价规则集：" if lang == "zh" else "Rule-sets:")
    for rs in cat.rulesets.values():
        counts = "/".join(str(len(d.indicators)) for d in rs.dimensions)
        print(f"  {rs.id:32} {rs.edition:16} [{rs.status}] {rs.name.get(lang)}  指标 {counts}")
    print("地方评价方案：" if lang == "zh" else "Profiles:")
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
        raise InputError([f"区级基准值文件 {args.yardsticks} 格式不正确（{exc.error_count()} 处错误），"
                          "请使用 python -m pool yardsticks 生成的 JSON 文件"]) from exc


def cmd_score(args: argparse.Namespace) -> int:
    a = _load(args.file, args.lang)
    r = score(a, ruleset_id=args.ruleset, profile_id=args.profile, settings=_settings(args), lang=args.lang)
    print(result_json(r) if args.format == "json" else result_text(r))
    return 0


def cmd_plan(args: argparse.Namespace) -> int:
    """The cheapest set of gap closures that reaches a level (scoring.whatif)."""
    a = _load(args.file, args.lang)
    r = score(a, ruleset_id=args.ruleset, profile_id=args.profile, lang=args.lang)
    plan = plan_to_level(a, r, args.level)
    print(json.dumps(plan.model_dump(mode="json"), ensure_ascii=False, indent=2) if args.format == "json"
          else plan_text(plan))
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
        print(f"培育库命令已移至 python -m pool：请运行 python -m pool {moved} …", file=sys.stderr)
        return EXIT_INPUT
    return run(build_parser(), argv)


def run(parser: argparse.ArgumentParser, argv: Sequence[str]) -> int:
    """Parse and dispatch; bad input becomes exit code 2 with a Chinese message, never a traceback."""
    args = parser.parse_args(argv)
    try:
        return int(args.fn(args))
    except InputError as exc:
        print("输入有误：" if args.lang == "zh" else "Invalid input:", file=sys.stderr)
        for line in exc.messages:
            print(f"  - {line}", file=sys.stderr)
        return EXIT_INPUT
    except KeyError as exc:  # unknown rule-set or profile id
        print(str(exc.args[0]) if exc.args else str(exc), file=sys.stderr)
        return EXIT_INPUT
    except CatalogueError as exc:
        print(f"评价目录有误：\n{exc}", file=sys.stderr)
        return EXIT_INPUT
    except BrokenPipeError:
        return 0
