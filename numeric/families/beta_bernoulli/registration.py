"""F4 beta-bernoulli's plug-in, ``PLUGIN``, which the registry finds (:mod:`mileak.numeric.families.registry`)."""

from mileak.numeric.families.plugin import FamilyPlugin
from mileak.proofs.families.beta_bernoulli import FAMILY

from .engine import BetaBernoulliEngine
from .exact_falsify import exact_falsify
from .leakage import leakage_entries
from .sampler import sample
from .scenarios import BetaNeighbours

PLUGIN = FamilyPlugin(
    family=FAMILY,
    sampler=sample,
    engine=BetaBernoulliEngine,
    scenarios={"beta_neighbours": lambda rng, sampled: BetaNeighbours(sampled["A"], sampled["B"])},
    leakage_entries=leakage_entries,
    exact_falsify=exact_falsify,
)
