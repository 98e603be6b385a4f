"""The CDK app: every stage's stack, synthesised into a cloud assembly."""

from __future__ import annotations

import tempfile
from pathlib import Path

from aws_cdk import App, cx_api

from .stack import PortalStack
from .stages import Stage, load_stages

DEFAULT_OUTDIR = Path(__file__).resolve().parent / "cdk.out"


def synthesise(outdir: Path = DEFAULT_OUTDIR, stages: tuple[Stage, ...] | None = None) -> cx_api.CloudAssembly:
    # chalice package writes its output under the working directory: a scratch one, removed after.
    with tempfile.TemporaryDirectory(prefix="chalice-package-") as workdir:
        app = App(outdir=str(outdir))
        for stage in stages or load_stages():
            PortalStack(app, stage, workdir=Path(workdir))
        return app.synth()
