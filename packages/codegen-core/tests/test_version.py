from importlib.metadata import version

import codegen


def test_version_matches_distribution() -> None:
    assert codegen.__version__ == version("codegen-core")
