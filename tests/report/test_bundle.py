import zipfile
from io import BytesIO

from locales import render
from report.bundle import report_filename, reports_zip
from scoring.compare import IncomparableResults, compare
from scoring.engine import score
from scoring.example import example_assessment


def test_zip_holds_one_pdf_per_client_with_safe_names():
    a = example_assessment()
    b = example_assessment()
    b.enterprise.name = 'A/B:C*"<客户>"'
    data = reports_zip([a, b], assessor="示例咨询机构")
    with zipfile.ZipFile(BytesIO(data)) as zf:
        names = zf.namelist()
        assert len(names) == 2
        assert all(n.endswith(".pdf") and zf.read(n).startswith(b"%PDF-") for n in names)
    assert not any(c in report_filename(b, 2) for c in '/:*?"<>|')


def test_compare_before_after_deltas():
    before = example_assessment()
    after = example_assessment()
    after.inputs.energy["electricity"] = 6_000_000  # less grid power: energy and carbon intensity improve
    c = compare(score(before), score(after))
    assert c.total_delta > 0
    assert abs(sum(d.points_delta for d in c.dimensions) - c.total_delta) < 1e-9
    ids = [d.id for d in c.improved()]
    assert "carbon_intensity" in ids and "energy_intensity_output" in ids
    assert not c.worsened()


def test_compare_refuses_different_rulesets():
    a = example_assessment()
    b = example_assessment("gbt36132_2018")
    try:
        compare(score(a), score(b))
    except IncomparableResults as exc:
        assert "规则集" in render("zh", exc.message)
    else:
        raise AssertionError("expected IncomparableResults")
