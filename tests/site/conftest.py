"""Fixtures of the site tests: the guide built once per session, as `make run` builds it."""

from __future__ import annotations

import pytest

from tests.site.built_site import BuiltSite, build, build_for_firm


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The site built with `mkdocs build --strict`, under the policy profile firm.toml names."""
    return build(tmp_path_factory.mktemp("site"))


# Another firm than firm.toml's: French rules (bank-fr), seven years' retention, data in Frankfurt.
OTHER_FIRM = {"retention_years": "7", "aws_region": '"eu-central-1"', "accessibility_reviewed": "2024-11-05"}


@pytest.fixture(scope="session")
def other_firm_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The site built for OTHER_FIRM: pages that name a setting must show its new value."""
    backend = tmp_path_factory.mktemp("backend")
    return build_for_firm(tmp_path_factory.mktemp("other-firm-site"), backend, "bank-fr", **OTHER_FIRM)
