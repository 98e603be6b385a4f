"""What `make run` prints: the addresses, and how a handler's command reaches this stack's API."""

from __future__ import annotations

from devstack.__main__ import banner
from devstack.addresses import Ports


def test_the_default_ports_need_no_api_address_for_the_command() -> None:
    """`complaints` assumes http://127.0.0.1:8000: nothing more to export."""
    shown = banner(Ports(aws=5000, api=8000, site=8001))
    assert "http://127.0.0.1:8001/staff/" in shown
    assert "COMPLAINTS_API" not in shown


def test_other_ports_print_the_api_address_the_command_needs() -> None:
    """API_PORT=9100 make run: the banner says `export COMPLAINTS_API=http://127.0.0.1:9100`."""
    shown = banner(Ports(aws=5100, api=9100, site=9101))
    assert "export COMPLAINTS_API=http://127.0.0.1:9100" in shown
