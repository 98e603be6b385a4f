"""The MkDocs hooks of overrides/hooks/, imported as MkDocs imports them: by file path."""

from __future__ import annotations

import importlib.util
from types import ModuleType

from tests.site.built_site import ROOT


def load_hook(name: str) -> ModuleType:
    path = ROOT / "overrides" / "hooks" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"site_hook_{name}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
