"""ui.connection: a value the guard hands back is read as the widget would have confirmed it, or refused."""

from __future__ import annotations

import pytest

from ui.connection import _value, field_token


@pytest.mark.parametrize(("raw", "kind", "expected"), [
    ("乙公司", "text", "乙公司"),
    ("  带空格  ", "text", "  带空格  "),  # text as typed, as st.text_input would confirm it
    ("", "text", ""),
    ("2026", "int", 2026),
    ("2026.0", "int", 2026),
    ("9000000", "float", 9000000.0),
    ("9,000,000.5", "float", 9000000.5),
    ("", "float", None),  # an emptied number field clears the value
    ("  ", "int", None),
])
def test_typed_values_become_what_the_widget_confirms(raw, kind, expected) -> None:
    assert _value(raw, kind, None) == expected


@pytest.mark.parametrize(("raw", "kind", "limit"), [
    ("12.5", "int", None), ("abc", "float", None), ("inf", "float", None), ("nan", "float", None),
    ("x" * 19, "text", 18),
])
def test_values_a_widget_would_refuse_are_refused(raw, kind, limit) -> None:
    with pytest.raises(ValueError):
        _value(raw, kind, limit)


def test_the_token_is_the_class_streamlit_gives_the_widget_key() -> None:
    assert field_token("inputs.energy.electricity") == "inputs-energy-electricity"
    assert field_token("inputs.products.0.output_t") == "inputs-products-0-output_t"
