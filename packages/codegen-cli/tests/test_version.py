from importlib.metadata import version

import codegen_cli


def test_version_matches_distribution() -> None:
    assert codegen_cli.__version__ == version("codegen-cli")
