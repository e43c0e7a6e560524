"""Settings read from the environment, shared by the CLI and the web app."""

from __future__ import annotations

import os
from pathlib import Path

from geomap.gazetteer import PROJECT_ROOT


def instance_dir() -> Path:
    """Where geomap keeps its data: $GEOMAP_INSTANCE, else instance/ in the project."""
    return Path(os.environ.get("GEOMAP_INSTANCE", PROJECT_ROOT / "instance"))


def database_url() -> str:
    """$GEOMAP_DATABASE (sqlite:///path), else an SQLite file in the instance folder."""
    return os.environ.get("GEOMAP_DATABASE") or f"sqlite:///{instance_dir() / 'geomap.sqlite'}"
