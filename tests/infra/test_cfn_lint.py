"""cfn-lint, AWS's own template checker, finds nothing in the synthesised templates."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from infra.stages import Stage

CFN_LINT = Path(sys.executable).with_name("cfn-lint")  # the pinned one, next to this interpreter


def test_cfn_lint_passes_on_the_stages_template(cloud_assembly: Path, stage: Stage) -> None:
    """Resource schemas, SAM resources, references and best-practice rules: no error, no warning."""
    template = cloud_assembly / f"{stage.stack_name}.template.json"
    result = subprocess.run(
        [str(CFN_LINT), "--format", "parseable", str(template)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert (result.returncode, result.stdout) == (0, ""), result.stderr
