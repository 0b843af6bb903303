"""python -m forms preview FILE: what a statistical-form file would fill in, in Chinese (--lang en for English).
Exit codes: 0 something to import, 1 nothing to import, 2 the file is refused."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from criteria.rules import MAX_FILE_BYTES
from forms.read import FORMS, Preview, preview, shown_value, target_label
from locales import render, say
from pool.xlsx import FileRejected


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m forms", description=say("zh", "forms.cli.usage"))
    ap.add_argument("command", choices=["preview"])
    ap.add_argument("file", type=Path)
    ap.add_argument("--lang", choices=["zh", "en"], default="zh")
    args = ap.parse_args(argv)
    lg = args.lang
    path: Path = args.file
    if not path.is_file() or path.stat().st_size > MAX_FILE_BYTES:
        print(say(lg, "forms.page.rejected", reason=path.name), file=sys.stderr)
        return 2
    try:
        p = preview(path.read_bytes(), path.name)
    except FileRejected as exc:
        print(say(lg, "forms.page.rejected", reason=render(lg, exc.message)), file=sys.stderr)
        return 2
    try:
        _print(p, lg)
    except BrokenPipeError:  # piped into a program that stopped reading (head): the rest is not wanted
        return 0
    return 0 if p.changes() else 1


def _print(p: Preview, lg: str) -> None:
    found = [f for f in FORMS if f in p.forms]
    if found:
        print(say(lg, "forms.page.found", forms="、".join(found)))
    for t in p.taken:
        target = target_label(t.target, lg) + ("" if t.applied else " " + say(lg, "forms.page.shown_only"))
        note = render(lg, t.note) if t.note else ""
        print(f"{t.form}\t{t.sheet}!{t.cell}\t{t.label}\t{shown_value(t.source_value)} {t.unit}\t→ {shown_value(t.value)} "
              f"{t.target_unit}\t{target}\t{note}")
    if p.unknown:
        print(say(lg, "forms.page.unknown", n=len(p.unknown)))
        for u in p.unknown:
            print("  " + say(lg, "forms.page.unknown_line", form=u.form, sheet=u.sheet, row=u.row, label=u.label,
                             unit=u.unit or "—", reason=render(lg, u.reason)))
    for m in p.notices:
        print(render(lg, m))
    sys.stdout.flush()  # a closed pipe shows here, inside the handler


if __name__ == "__main__":
    sys.exit(main())
