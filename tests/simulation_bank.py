"""A bank made of competence 4.1's simulation items (content/sims), validated so that
they can be served, for the tests of the simulations in the question page."""

import datetime
import re
import shutil
from pathlib import Path

import yaml
from django.conf import settings
from django.core.management import call_command


def load_simulation_bank(folder: Path) -> list[str]:
    """Load 4.1's items that embed a simulation; return their keys."""
    shutil.copy(settings.CONTENT_DIR / "framework.yaml", folder / "framework.yaml")
    shutil.copytree(settings.CONTENT_DIR / "sims", folder / "sims")
    bank = yaml.safe_load((settings.CONTENT_DIR / "4.1.yaml").read_text("utf-8"))
    bank["challenges"] = [
        {
            **item,
            "status": "validated",
            "reviewed_by": "test",
            "reviewed_on": datetime.date(2026, 12, 2),
        }
        for item in bank["challenges"]
        if re.search(r"-s\d+$", item["id"]) and item.get("embed_url")
    ]
    (folder / "4.1.yaml").write_text(yaml.safe_dump(bank, allow_unicode=True), "utf-8")
    call_command("load_content", "--dir", str(folder), verbosity=0)
    return [item["id"] for item in bank["challenges"]]
