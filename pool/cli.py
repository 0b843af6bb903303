"""`python -m pool`: the cultivation pool's command line (template, batch, yardsticks).

What it prints is in `--lang` (locales `pool_msg.*`); the ranked workbook it writes is an official form and stays
Chinese whatever the language (its sheets, notes and issue list are rendered with "zh")."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from criteria import load_catalogue
from criteria.rules import MAX_FILE_BYTES, MB
from locales import Words
from pool.analysis import indicator_summary, plan_summary, ranking
from pool.columns import DEFAULT_PROFILE, DEFAULT_RULESET, pool_model
from pool.demo import demo_bench, demo_pool
from pool.intake import import_files, peek_template
from pool.messages import joined, pmsg
from pool.model import Pool
from pool.targets import district_progress, progress_frame
from pool.validation import ImportResult
from pool.workbook import build_template, export_ranked_xlsx, neutralise
from scoring.cli import run
from scoring.io import InputError, load_json

EXIT_INPUT = 2
ZH = Words("zh", "pool_msg")  # the workbook's words (an official form)


def _check_pair(ruleset: str, profile: str, lang: str) -> None:
    cat = load_catalogue()
    rs, prof = cat.ruleset(ruleset), cat.profile(profile)  # unknown ids raise KeyError with the choices
    if not prof.allows(rs.id):
        raise InputError([pmsg("cli.pair", profile=prof.name, ruleset=rs.name, allowed=joined(prof.rulesets))], lang)


def _err(text: str) -> None:
    print(text, file=sys.stderr)


def _json_rules(files: list[tuple[str, bytes]]) -> dict[str, str]:
    """Rule-set and profile of the first wizard JSON export among the files (the pool scores all alike)."""
    for name, data in files:
        if name.lower().endswith(".json"):
            try:
                d = load_json(data)  # the shared reader: a deeply nested or broken file is the intake's to report
            except InputError:
                continue
            if isinstance(d, dict):
                return {k: d[k] for k in ("ruleset", "profile") if isinstance(d.get(k), str)}
    return {}


def cmd_template(args: argparse.Namespace) -> int:
    L = Words(args.lang, "pool_msg.cli")
    _check_pair(args.ruleset or DEFAULT_RULESET, args.profile or DEFAULT_PROFILE, args.lang)
    model = pool_model(args.ruleset, args.profile)
    data = demo_pool(args.demo, seed=args.seed, ruleset_id=model.ruleset.id, profile_id=model.profile.id) \
        if args.demo else None
    bench = demo_bench(model.ruleset.id, model.profile.id) if args.demo else None
    out = Path(args.output)
    out.write_bytes(build_template(model, bench, data=data))
    extra = L("demo_extra", n=args.demo) if args.demo else ""
    _err(L("template_done", path=out, ruleset=model.ruleset.id, profile=model.profile.id, n=len(model.template),
           extra=extra))
    return 0


def _read(path: str, lang: str) -> tuple[str, bytes]:
    p = Path(path)
    if not p.is_file():
        raise InputError([pmsg("cli.not_found", path=path)], lang)
    size = p.stat().st_size
    if size > MAX_FILE_BYTES:  # refused before reading, as the intake would refuse it after
        raise InputError([pmsg("file.too_big", name=p.name, mb=f"{size / MB:.1f}", max=MAX_FILE_BYTES // MB)], lang)
    return p.name, p.read_bytes()


def _issue_lines(res: ImportResult, lang: str, limit: int) -> list[str]:
    """The notices and the first `limit` issues, each with its sheet, Excel row and column."""
    L = Words(lang, "pool_msg.cli")
    lines = [L("notice", text=L.of(n)) for n in res.notices]
    for i in res.issues[:limit]:
        row = L("row", row=i.row) if i.row.isdigit() else i.row
        where = " ".join(x for x in (i.sheet, row, L.of(i.column)) if x and x != "—") or L("the_file")
        value = L.of(i.value)
        lines.append(L("issue", tag=L(f"tag_{i.level}"), where=where, message=i.text(lang),
                       value=L("value", value=value) if value else ""))
    if len(res.issues) > limit:
        lines.append(L("more", n=len(res.issues) - limit))
    return lines


def _rules(args: argparse.Namespace, files: list[tuple[str, bytes]]) -> tuple[str, str]:
    meta = (peek_template(files[0][1], files[0][0]) if len(files) == 1 else {}) or _json_rules(files)
    ruleset = args.ruleset or meta.get("ruleset") or DEFAULT_RULESET
    profile = args.profile or meta.get("profile") or DEFAULT_PROFILE
    _check_pair(ruleset, profile, args.lang)
    return ruleset, profile


def _import(args: argparse.Namespace, L: Words) -> tuple[Pool, ImportResult]:
    """Read the files named on the command line into a pool of their rule-set, and say what the import gave."""
    files = [_read(f, args.lang) for f in args.files]
    ruleset, profile = _rules(args, files)
    pool = Pool(ruleset=ruleset, profile=profile, year=args.year)
    res = import_files(files, pool.model, default_year=args.year)
    _err(L.of(res.summary()))
    return pool, res


def cmd_batch(args: argparse.Namespace) -> int:
    L = Words(args.lang, "pool_msg.cli")
    cat = load_catalogue()
    pool, res = _import(args, L)
    for line in _issue_lines(res, args.lang, args.max_issues):
        _err(line)
    if args.issues:
        # a csv opened in Excel runs = + - @ too: every cell is neutralised as in the workbooks
        res.issues_frame(args.lang).map(neutralise).to_csv(args.issues, index=False, encoding="utf-8-sig")
    if res.blocked:
        return EXIT_INPUT
    pool.upsert(res)
    if not len(pool):
        _err(L("nothing"))
        return EXIT_INPUT
    progress = district_progress(pool.frame, pool.scores(), pool.model.profile, cat.district)
    notes = [ZH("export.pool_note", n=len(pool), summary=res.summary()), ZH("export.grades_note")]
    sheets: list[tuple[str, Any]] = [(ZH("export.plan_sheet"), plan_summary(pool)),
                                     (ZH("export.indicator_sheet"), indicator_summary(pool)),
                                     (ZH("export.targets_sheet"), progress_frame(progress, "zh"))]
    if res.issues:
        sheets.append((ZH("export.issues_sheet"), res.issues_frame("zh")))
    out = Path(args.output)
    out.write_bytes(export_ranked_xlsx(sheets, pool.model, pool.frame, pool.bench, notes))
    rank = ranking(pool)
    _err(L("written_n", path=out, n=len(pool)))
    levels = {lv.id: lv.name.get(args.lang) for lv in pool.model.profile.levels}
    for r in rank.head(args.top).itertuples(index=False):
        level = levels.get(r.level, L("no_level")) if isinstance(r.level, str) and r.level else L("no_level")
        grade = r.grade_pool if isinstance(r.grade_pool, str) else "—"
        print(f"{r.rank:>4}  {r.total:6.2f}  {level:<12} {grade:<3} {r.name}")
    if args.strict and res.rejected_rows:
        return EXIT_INPUT
    return 0


def cmd_yardsticks(args: argparse.Namespace) -> int:
    """District yardsticks from a pool: 基准值 = industry mean, 引领值 = what the best 5 % reach."""
    from pool.yardsticks import pool_yardstick_set, summary_lines, yardsticks_xlsx

    L = Words(args.lang, "pool_msg.cli")
    pool, res = _import(args, L)
    if res.blocked:
        return EXIT_INPUT
    pool.upsert(res)
    if not len(pool):
        _err(L("nothing_ys"))
        return EXIT_INPUT
    ys = pool_yardstick_set(pool.frame, pool.scores(), pool.model, name=args.name or "", district=args.district or "",
                            year=args.year, min_n=args.min_n, weighted=args.weighted)
    out = Path(args.output)
    if out.suffix.lower() == ".xlsx":
        out.write_bytes(yardsticks_xlsx(ys, pool.model))
    else:
        out.write_text(ys.model_dump_json(indent=2), encoding="utf-8")
    for line in summary_lines(ys):  # the set's own wording (pool.yardsticks), Chinese
        _err(line)
    _err(L("written", path=out))
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
