"""F2 ridge regression's plug-in, ``PLUGIN``, which the registry finds (:mod:`mileak.numeric.families.registry`)."""


from mileak.numeric.families.plugin import FamilyPlugin
from mileak.proofs.families.ridge import RIDGE

from .engine import RidgeEngine
from .oracle import RELEASES, batch_kl, draw_record, oracle
from .proportional import MarchenkoPasturLaw, limit_boundary
from .sampler import sample
from .scenarios import BoundedRidgeNeighbours

PLUGIN = FamilyPlugin(
    family=RIDGE,
    sampler=sample,
    engine=RidgeEngine,
    oracles={release: oracle(release) for release in RELEASES},
    batch_neighbour_kl=batch_kl,
    population_releases=("output", "posterior"),
    draw_record=draw_record,
    label_columns=1,
    scenarios={"f2_bounded": BoundedRidgeNeighbours.random, "marchenko_pastur": MarchenkoPasturLaw.random},
    survey_dims=(1, 5, 20),
    outside_releases=("output", "posterior"),
    exact_release_path="T4",
    limit_boundary=limit_boundary,
)
