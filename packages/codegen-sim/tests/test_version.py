from importlib.metadata import version

import codegen_sim


def test_version_matches_distribution() -> None:
    assert codegen_sim.__version__ == version("codegen-sim")
