"""What the global options decide, handed to every command through typer's context."""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from netops.i18n import L_

# `--inventory lab` (or NETOPS_INVENTORY=lab): the inventory `netops lab up` wrote.
LAB_INVENTORY_NAME = "lab"

if TYPE_CHECKING:
    from netops.isp import IspProfile
    from netops.settings import Inventory


@dataclass
class AppContext:
    inventory: str | None = None
    isp: str = "netcenter"
    debug: bool = False

    def load_inventory(self) -> Inventory:
        from netops.settings import load_inventory

        if (self.inventory or os.environ.get("NETOPS_INVENTORY")) == LAB_INVENTORY_NAME:
            from netops.lab.state import lab_dir

            return load_inventory(lab_dir() / "inventory.yaml", L_("start the lab first: netops lab up"))
        return load_inventory(self.inventory)

    @cached_property
    def isp_profile(self) -> IspProfile:
        from netops.isp import load_isp

        return load_isp(self.isp)
