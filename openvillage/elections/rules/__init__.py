"""Pure election rules: profiles as data, counting, and the ``openvillage count`` core.

No Django import anywhere in this package (docs/CONVENTIONS.md).
"""

from .count_cli import main, run_count
from .counting import (
    PostResult,
    RoundInput,
    RoundResult,
    Tally,
    count_round,
    round_status,
    tally_ballots,
)
from .profiles import ElectionProfile, LawRules, Share, get_profile, load_profiles

__all__ = [
    "ElectionProfile",
    "LawRules",
    "PostResult",
    "RoundInput",
    "RoundResult",
    "Share",
    "Tally",
    "count_round",
    "get_profile",
    "load_profiles",
    "main",
    "round_status",
    "run_count",
    "tally_ballots",
]
