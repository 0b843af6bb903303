"""`python -m pool`: the cultivation pool's command line (template, batch)."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from criteria import load_catalogue
from pool.analysis import indicator_summary, plan_summary, ranking
from pool.columns import DEFAULT_PROFILE, DEFAULT_RULESET, pool_model
from pool.demo import demo_bench, demo_pool
from pool.intake import import_files, peek_template
from pool.model import Pool
from pool.targets import district_progress, progress_frame
from pool.workbook import build_template, export_ranked_xlsx
from scoring.cli import run
from scoring.io import InputError

EXIT_INPUT = 2


def _check_pair(ruleset: str, profile: str) -> None:
    cat = load_catalogue()
    rs, prof = cat.ruleset(ruleset), cat.profile(profile)  # unknown ids raise KeyError with the choices
    if not prof.allows(rs.id):
        raise InputError([f"地方方案「{prof.name.zh}」不适用于规则集「{rs.name.zh}」（适用：{'、'.join(prof.rulesets)}）"])


def _json_rules(files: list[tuple[str, bytes]]) -> dict[str, str]:
    """Rule-set and profile of the first wizard JSON export among the files (the pool scores all alike)."""
    for name, data in files:
        if name.lower().endswith(".json"):
            try:
                d = json.loads(data)
            except ValueError:
                continue
            if isinstance(d, dict):
                return {k: d[k] for k in ("ruleset", "profile") if isinstance(d.get(k), str)}
    return {}


def cmd_template(args: argparse.Namespace) -> int:
    _check_pair(args.ruleset or DEFAULT_RULESET, args.profile or DEFAULT_PROFILE)
    model = pool_model(args.ruleset, args.profile)
    data = demo_pool(args.demo, seed=args.seed, ruleset_id=model.ruleset.id, profile_id=model.profile.id) \
        if args.demo else None
    bench = demo_bench(model.ruleset.id, model.profile.id) if args.demo else None
    out = Path(args.output)
    out.write_bytes(build_template(model, bench, data=data))
    extra = f"，含 {args.demo} 家虚构示例企业" if args.demo else ""
    print(f"已生成模板 {out}：规则集 {model.ruleset.id}，方案 {model.profile.id}，{len(model.template)} 列{extra}",
          file=sys.stderr)
    return 0


def _read(path: str) -> tuple[str, bytes]:
    p = Path(path)
    if not p.is_file():
        raise InputError([f"找不到文件：{path}"])
    return p.name, p.read_bytes()


def cmd_batch(args: argparse.Namespace) -> int:
    files = [_read(f) for f in args.files]
    meta = (peek_template(files[0][1], files[0][0]) if len(files) == 1 else {}) or _json_rules(files)
    ruleset = args.ruleset or meta.get("ruleset") or DEFAULT_RULESET
    profile = args.profile or meta.get("profile") or DEFAULT_PROFILE
    _check_pair(ruleset, profile)
    cat = load_catalogue()
    pool = Pool(ruleset=ruleset, profile=profile, year=args.year)
    res = import_files(files, pool.model, default_year=args.year)
    print(res.summary(), file=sys.stderr)
    for n in res.notices:
        print(f"  · {n}", file=sys.stderr)
    for i in res.issues[:args.max_issues]:
        where = " ".join(x for x in (i.sheet, f"第 {i.row} 行" if i.row.isdigit() else i.row, i.column)
                         if x and x != "—") or "文件"
        tag = "错误" if i.level == "error" else "提示"
        print(f"  [{tag}] {where}：{i.message}" + (f"（值：{i.value}）" if i.value else ""), file=sys.stderr)
    if len(res.issues) > args.max_issues:
        print(f"  … 另有 {len(res.issues) - args.max_issues} 条，见 --issues 输出的 CSV", file=sys.stderr)
    if args.issues:
        res.issues_frame().to_csv(args.issues, index=False, encoding="utf-8-sig")
    if res.blocked:
        return EXIT_INPUT
    pool.upsert(res)
    if not len(pool):
        print("没有可评分的企业。", file=sys.stderr)
        return EXIT_INPUT
    progress = district_progress(pool.frame, pool.scores(), pool.model.profile, cat.district)
    notes = [f"资源池 {len(pool)} 家企业；{res.summary()}",
             "相对等级 A+/A/B：在满足基本要求的企业中按总分排位，前 5% 为 A+、其后 35% 为 A、其余为 B（同分同级）。"]
    sheets: list[tuple[str, Any]] = [("培育计划汇总表", plan_summary(pool)), ("绩效指标汇总表", indicator_summary(pool)),
                                     ("区规划目标", progress_frame(progress))]
    if res.issues:
        sheets.append(("导入问题", res.issues_frame()))
    out = Path(args.output)
    out.write_bytes(export_ranked_xlsx(sheets, pool.model, pool.frame, pool.bench, notes))
    rank = ranking(pool)
    print(f"已输出 {out}：{len(pool)} 家企业", file=sys.stderr)
    for r in rank.head(args.top).itertuples(index=False):
        level = r.level_name if isinstance(r.level_name, str) else "未达到"
        grade = r.grade_pool if isinstance(r.grade_pool, str) else "—"
        print(f"{r.rank:>4}  {r.total:6.2f}  {level:<12} {grade:<3} {r.name}")
    if args.strict and res.rejected_rows:
        return EXIT_INPUT
    return 0


def cmd_yardsticks(args: argparse.Namespace) -> int:
    """District yardsticks from a pool: 基准值 = industry mean, 引领值 = what the best 5 % reach."""
    from pool.yardsticks import pool_yardstick_set, summary_lines, yardsticks_xlsx

    files = [_read(f) for f in args.files]
    meta = (peek_template(files[0][1], files[0][0]) if len(files) == 1 else {}) or _json_rules(files)
    ruleset = args.ruleset or meta.get("ruleset") or DEFAULT_RULESET
    profile = args.profile or meta.get("profile") or DEFAULT_PROFILE
    _check_pair(ruleset, profile)
    pool = Pool(ruleset=ruleset, profile=profile, year=args.year)
    res = import_files(files, pool.model, default_year=args.year)
    print(res.summary(), file=sys.stderr)
    if res.blocked:
        return EXIT_INPUT
    pool.upsert(res)
    if not len(pool):
        print("没有可用于计算的企业。", file=sys.stderr)
        return EXIT_INPUT
    ys = pool_yardstick_set(pool.frame, pool.scores(), pool.model, name=args.name or "", district=args.district or "",
                            year=args.year, min_n=args.min_n, weighted=args.weighted)
    out = Path(args.output)
    if out.suffix.lower() == ".xlsx":
        out.write_bytes(yardsticks_xlsx(ys, pool.model))
    else:
        out.write_text(ys.model_dump_json(indent=2), encoding="utf-8")
    for line in summary_lines(ys):
        print(line, file=sys.stderr)
    print(f"已输出 {out}", file=sys.stderr)
    return 0


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m pool", description="绿色工厂培育库：模板、批量评分与排名")
    p.add_argument("--lang", choices=["zh", "en"], default="zh", help="输出语言")
    sub = p.add_subparsers(dest="command", required=True)
    tp = sub.add_parser("template", help="生成培育库导入模板（Excel），按所选规则集和方案生成")
    tp.add_argument("--ruleset", default=None, help=f"规则集 id（默认 {DEFAULT_RULESET}）")
    tp.add_argument("--profile", default=None, help=f"地方方案 id（默认 {DEFAULT_PROFILE}）")
    tp.add_argument("-o", "--output", required=True, help="输出的 .xlsx 文件")
    tp.add_argument("--demo", type=int, default=0, metavar="N", help="预填 N 家虚构示例企业和示例基准值")
    tp.add_argument("--seed", type=int, default=0, help="示例数据的随机种子")
    tp.set_defaults(fn=cmd_template)
    bp = sub.add_parser("batch", help="导入培育库（.xlsx/.csv，或多个向导 JSON/zip），评分、排名并导出 Excel")
    bp.add_argument("files", nargs="+", help="一个 .xlsx/.csv，或多个 .json/.zip")
    bp.add_argument("-o", "--output", required=True, help="输出的排名 .xlsx 文件")
    bp.add_argument("--ruleset", default=None, help="规则集 id（默认取模板中的规则集）")
    bp.add_argument("--profile", default=None, help="地方方案 id（默认取模板中的方案）")
    bp.add_argument("--year", type=int, default=2025, help="未填评价年度时使用的年度")
    bp.add_argument("--issues", default=None, help="把全部导入问题写入该 CSV 文件")
    bp.add_argument("--max-issues", type=int, default=30, help="终端最多显示的问题条数")
    bp.add_argument("--top", type=int, default=10, help="终端显示前 N 名")
    bp.add_argument("--strict", action="store_true", help="有任何一行未导入时以退出码 2 结束")
    bp.set_defaults(fn=cmd_batch)
    yp = sub.add_parser("yardsticks", help="由培育库数据计算区级基准值（行业均值）与引领值（前 5%），输出 .json 或 .xlsx")
    yp.add_argument("files", nargs="+", help="一个 .xlsx/.csv，或多个 .json/.zip")
    yp.add_argument("-o", "--output", required=True, help="输出文件：.json（可用于 scoring score --yardsticks）或 .xlsx")
    yp.add_argument("--ruleset", default=None, help="规则集 id（默认取模板中的规则集）")
    yp.add_argument("--profile", default=None, help="地方方案 id（默认取模板中的方案）")
    yp.add_argument("--year", type=int, default=2025, help="数据年度")
    yp.add_argument("--min-n", type=int, default=10, help="行业小类至少需要的企业数，不足时依次取中类、大类")
    yp.add_argument("--weighted", action="store_true", help="基准值按工业总产值加权平均（默认为企业简单平均）")
    yp.add_argument("--name", default=None, help="基准值集名称")
    yp.add_argument("--district", default=None, help="区县 id（默认取目录中的区县）")
    yp.set_defaults(fn=cmd_yardsticks)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    return run(build_parser(), list(sys.argv[1:] if argv is None else argv))
