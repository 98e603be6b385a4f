"""Reading synthesised CloudFormation: resources by type, and intrinsic functions rendered as text."""

from __future__ import annotations

from typing import Any

# Pseudo parameters rendered as a reader would expect them in the stage's region.
PSEUDO = {"AWS::URLSuffix": "amazonaws.com", "AWS::Partition": "aws", "AWS::AccountId": "123456789012"}


def resources(template: dict[str, Any], resource_type: str) -> dict[str, dict[str, Any]]:
    return {name: r for name, r in template["Resources"].items() if r["Type"] == resource_type}


def only(template: dict[str, Any], resource_type: str) -> tuple[str, dict[str, Any]]:
    found = resources(template, resource_type)
    assert len(found) == 1, f"expected one {resource_type}, found {sorted(found)}"
    return next(iter(found.items()))


def render(value: Any) -> Any:
    """Fn::Join, Ref and Fn::GetAtt as text: {"Ref": "RestAPI"} -> "<RestAPI>"."""
    if isinstance(value, dict) and len(value) == 1:
        ((function, argument),) = value.items()
        if function == "Ref":
            return PSEUDO.get(argument, f"<{argument}>")
        if function == "Fn::GetAtt":
            return f"<{argument[0]}.{argument[1]}>"
        if function == "Fn::Join":
            separator, parts = argument
            return separator.join(str(render(part)) for part in parts)
    if isinstance(value, dict):
        return {key: render(item) for key, item in value.items()}
    if isinstance(value, list):
        return [render(item) for item in value]
    return value


def ref(logical_id: str) -> str:
    return f"<{logical_id}>"


def arn_of(logical_id: str) -> str:
    return f"<{logical_id}.Arn>"
