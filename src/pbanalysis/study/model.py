"""What a study is made of: its configuration (:class:`Study`) and its runs (:class:`Run`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = ["Run", "Study"]


@dataclass(frozen=True)
class Run:
    """One execution of one notebook: ``name`` is shown to people, ``slug`` names its folder."""

    name: str
    slug: str
    notebook: str
    parameters: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Study:
    """A parsed study configuration (before grid expansion)."""

    name: str
    title: str
    notebooks: Path
    choices: dict[str, Any]
    runs: list[dict[str, Any]]
