"""Fixtures of the site tests: the guide built once per session, as `make run` builds it."""

from __future__ import annotations

import pytest

from tests.site.built_site import BuiltSite, build


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The site built with `mkdocs build --strict`, under the policy profile firm.toml names."""
    return build(tmp_path_factory.mktemp("site"))
