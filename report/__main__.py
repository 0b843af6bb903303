"""`python -m report FILE.json -o out.pdf [--lang zh|en] [--profile ID] [--ruleset ID] [--target LEVEL]`

Bad input, an unknown rule-set, profile or level, and a missing Chinese font exit 2 with a Chinese
message (English with --lang en for input errors); no traceback reaches the user.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from criteria import CatalogueError, load_catalogue
from locales import render, say
from report.fonts import CJKFontError
from report.pdf import build_report
from scoring.cli import _load as load_assessment
from scoring.engine import score
from scoring.io import InputError
from scoring.whatif import UnknownLevel, plan_to_level

EXIT_INPUT = 2


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m report", description="绿色工厂自评价：生成 PDF 差距分析报告")
    p.add_argument("file", help="评价 JSON 文件（- 表示标准输入），格式见 python -m scoring schema")
    p.add_argument("-o", "--output", help="输出 PDF 路径（默认与输入同名 .pdf；- 表示标准输出）")
    p.add_argument("--lang", choices=["zh", "en"], default="zh", help="报告语言（默认中文）")
    p.add_argument("--profile", default=None, help="地方评价方案 id（默认取评价文件中的方案）")
    p.add_argument("--ruleset", default=None, help="评价规则集 id（默认取评价文件中的规则集）")
    p.add_argument("--target", default=None, help="改进方案的目标等级 id（默认：下一等级）")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        a = load_assessment(args.file, args.lang)  # the scoring CLI's reader: file or stdin, parsed, 0 denominators refused
        cat = load_catalogue()
        r = score(a, cat, ruleset_id=args.ruleset, profile_id=args.profile)
        plan = plan_to_level(a, r, args.target, cat) if args.target else None
        pdf = build_report(a, r, lang=args.lang, plan=plan, catalogue=cat)
    except InputError as exc:
        print(say(args.lang, "report.cli_invalid"), file=sys.stderr)
        for line in exc.messages:
            print(f"  - {line}", file=sys.stderr)
        return EXIT_INPUT
    except UnknownLevel as exc:  # its message says which levels the profile has
        print(render(args.lang, exc.message), file=sys.stderr)
        return EXIT_INPUT
    except KeyError as exc:  # unknown rule-set or profile
        print(str(exc.args[0]) if exc.args else str(exc), file=sys.stderr)
        return EXIT_INPUT
    except CatalogueError as exc:
        print(f"评价目录有误：\n{exc}", file=sys.stderr)
        return EXIT_INPUT
    except CJKFontError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_INPUT
    out = args.output or (str(Path(args.file).with_suffix(".pdf")) if args.file != "-" else "-")
    try:
        if out == "-":
            sys.stdout.buffer.write(pdf)
        else:
            Path(out).write_bytes(pdf)
    except OSError as exc:
        print(f"无法写入 {out}：{exc.strerror or exc}", file=sys.stderr)
        return EXIT_INPUT
    return 0


if __name__ == "__main__":
    sys.exit(main())
