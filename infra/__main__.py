"""`python -m infra [--outdir DIR]`: synthesise every stage (what `make synth` runs)."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from .assembly import DEFAULT_OUTDIR, synthesise


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m infra", description=__doc__)
    # The CDK CLI (cdk diff, cdk deploy from infra/) passes its output directory in CDK_OUTDIR.
    parser.add_argument("--outdir", type=Path, default=Path(os.environ.get("CDK_OUTDIR", DEFAULT_OUTDIR)))
    arguments = parser.parse_args()
    assembly = synthesise(arguments.outdir)
    for stack in assembly.stacks:
        print(f"{stack.stack_name}: {Path(assembly.directory) / stack.template_file}")


if __name__ == "__main__":
    main()
