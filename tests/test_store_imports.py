"""The store never pulls in the UI."""

from test_exam_imports import loaded_after


def test_the_store_does_not_import_textual() -> None:
    assert loaded_after("po_exam.store", ("textual",)) == []
