"""The release of the five packages, as `nox -s release` and the publishing workflow run it.

`python -m tools.release --help` lists its steps; the README's "Releasing" section says how a
release goes. Each module is one part: the workspace's versions (`_workspace`), the changelog
(`_changelog`), who owns each name on the package index (`_index`), and what a built archive must
carry (`_archives`).
"""
