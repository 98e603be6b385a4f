"""The portal's infrastructure as an AWS CDK app: one stack per stage (infra/stages.toml).

`python -m infra` (make synth) writes the CloudFormation templates to infra/cdk.out/ without any
AWS account; infra/RUNBOOK.md says how to deploy them.
"""
