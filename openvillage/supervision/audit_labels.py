"""Labels of the supervision app for the audit log: where a problem came from (its source is
the name of a registered problem source, ``inspection``, ``patrol``...).

Found by ``core.audit_labels`` on first use (``autodiscover_modules("audit_labels")``).
"""

from __future__ import annotations

from typing import Any

from openvillage.core.audit_labels import register_values
from openvillage.core.extensions import problem_sources


def _problem_values(key: str, value: Any) -> str | None:
    if key == "source":
        source = problem_sources.get(str(value))
        return str(source.label) if source is not None else None
    return None


register_values("supervision.problem", _problem_values)
