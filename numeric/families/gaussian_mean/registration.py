"""F1 gaussian-mean's plug-in, ``PLUGIN``, which the registry finds (:mod:`mileak.numeric.families.registry`)."""


from mileak.numeric.families.plugin import FamilyPlugin
from mileak.proofs.families.gaussian_mean import GAUSSIAN_MEAN

from .engine import GaussianMeanEngine
from .leakage import leakage_entries
from .oracle import draw_record, neighbour_kl
from .sampler import sample
from .scenarios import F1Game, F1InformationGame

PLUGIN = FamilyPlugin(
    family=GAUSSIAN_MEAN,
    sampler=sample,
    engine=GaussianMeanEngine,
    oracles={"output": neighbour_kl},
    draw_record=draw_record,
    scenarios={"f1": lambda rng, sampled: F1Game(sampled), "f1_mi": lambda rng, sampled: F1InformationGame.random(rng)},
    leakage_entries=leakage_entries,
)
