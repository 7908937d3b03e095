from importlib.metadata import version

import codegen_ui


def test_version_matches_distribution() -> None:
    assert codegen_ui.__version__ == version("codegen-ui")
