"""Settings: one object for the knobs of the pipeline (defaults, environment, CLI flags)."""
from __future__ import annotations

import os
from dataclasses import dataclass

from .nlp import DEFAULT_MODEL


@dataclass(frozen=True)
class Settings:
    model: str = DEFAULT_MODEL
    cluster_threshold: float | None = None  # None: the engine's, for analyze and ingest alike
    batch_size: int = 16
    summary_sentences: int = 5
    incremental_threshold: float | None = None
    processes: int | None = None  # processes that parse in `analyze`; None: see extract.processes_for

    def __post_init__(self):
        if self.cluster_threshold is None:  # imported here: `retold --help` needs no cluster stage
            from .cluster import DEFAULT_THRESHOLD
            object.__setattr__(self, "cluster_threshold", DEFAULT_THRESHOLD)

    @classmethod
    def from_env(cls, **overrides) -> "Settings":
        """Defaults, then RETOLD_* environment variables, then explicit overrides."""
        values = {}
        if os.environ.get("RETOLD_MODEL"):
            values["model"] = os.environ["RETOLD_MODEL"]
        if os.environ.get("RETOLD_CLUSTER_THRESHOLD"):
            values["cluster_threshold"] = float(os.environ["RETOLD_CLUSTER_THRESHOLD"])
        if os.environ.get("RETOLD_PROCESSES"):
            values["processes"] = int(os.environ["RETOLD_PROCESSES"])
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)
