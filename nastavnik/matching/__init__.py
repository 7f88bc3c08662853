"""Matching of mentees with mentors: pure Python core (no Django), called by a later Django layer.

Modules: :mod:`.model` (input dataclasses, weights, rules), :mod:`.text` (Russian term normalisation),
:mod:`.scoring` (hard constraints, scores with reasons, the sparse candidate graph) and :mod:`.solver`
(exact min-cost-flow assignment and a greedy baseline).
"""

from .model import PEER_FORM, Mentee, Mentor, Objective, Rules, Weights
from .scoring import CandidateGraph, Reason, candidate_edges, explain
from .solver import MatchResult, Pair, PinConflict, Unmatched, greedy, solve
from .text import normalize_terms, stem

__all__ = [
    "PEER_FORM",
    "CandidateGraph",
    "MatchResult",
    "Mentee",
    "Mentor",
    "Objective",
    "Pair",
    "PinConflict",
    "Reason",
    "Rules",
    "Unmatched",
    "Weights",
    "candidate_edges",
    "explain",
    "greedy",
    "normalize_terms",
    "solve",
    "stem",
]
