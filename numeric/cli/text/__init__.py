"""Every command's text rendering: the only formatting of results for the terminal."""

from .attack_paths import path_text
from .audit import audit_text
from .classic_gaussian import classic_text
from .convert import convert_text
from .falsify import falsify_text, outside_assumption_text
from .families import families_text
from .leakage import leakage_text
from .phase import phase_text
from .simulation import canary_audit_text, simulate_text
from .sweep import sweep_text

__all__ = ["audit_text", "canary_audit_text", "classic_text", "convert_text", "falsify_text", "families_text", "leakage_text",
           "outside_assumption_text", "path_text", "phase_text", "simulate_text", "sweep_text"]
