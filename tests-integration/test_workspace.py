"""The five packages install together and agree on one version."""

from importlib.metadata import version

import codegen
import codegen_cli
import codegen_models
import codegen_sim
import codegen_ui


def test_all_members_share_one_version() -> None:
    modules = [codegen_models, codegen, codegen_cli, codegen_ui, codegen_sim]
    assert {m.__version__ for m in modules} == {version("codegen-models")}
