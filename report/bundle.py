"""A zip of gap reports for several clients (a consultant's batch of free diagnoses)."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterable, Mapping
from io import BytesIO

from report.pdf import build_report
from scoring.engine import Settings, score
from scoring.models import Assessment

_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


def report_filename(a: Assessment, index: int) -> str:
    """A file name Windows and macOS accept: '01_<enterprise>_自评价报告.pdf' (user text sanitised)."""
    name = _UNSAFE.sub("_", " ".join(a.enterprise.name.split()))[:60].strip(" ._") or "未命名企业"
    return f"{index:02d}_{name}_自评价报告.pdf"


def reports_zip(assessments: Iterable[Assessment], *, lang: str = "zh", assessor: str | None = None,
                settings: Mapping[str, Settings] | None = None) -> bytes:
    """Score each assessment and put its PDF, in `lang`, in one zip; `assessor` (the consultant) is printed on each;
    `settings`: what each assessment is scored with, by assessment id (the administrator's values and its
    district yardstick set, as on every other screen); an assessment without an entry gets plain Settings."""
    buf = BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        seen: set[str] = set()
        for index, a in enumerate(assessments, start=1):
            fname = report_filename(a, index)
            while fname in seen:
                fname = fname.replace(".pdf", "_1.pdf")
            seen.add(fname)
            zf.writestr(fname, build_report(a, score(a, settings=(settings or {}).get(a.id)), lang=lang,
                                             assessor=assessor))
    return buf.getvalue()
