from pathlib import Path


def test_support_matrix_doc_is_generated_from_the_profiles(monkeypatch, tmp_path):
    from netops.olt.matrix import markdown

    monkeypatch.setenv("NETOPS_PROFILES_DIR", str(tmp_path))
    doc = Path(__file__).resolve().parents[2] / "docs" / "vendors.md"
    assert doc.read_text() == markdown(), "regenerate: netops profiles matrix > docs/vendors.md"
