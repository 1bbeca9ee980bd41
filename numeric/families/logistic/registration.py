"""F3 logistic regression's plug-in, ``PLUGIN``, which the registry finds (:mod:`mileak.numeric.families.registry`)."""


from mileak.numeric.families.plugin import FamilyPlugin
from mileak.proofs.families.logistic import LOGISTIC

from .dp_sgd import train as dp_sgd_train
from .engine import LogisticEngine
from .oracle import batch_kl, draw_record, neighbour_kl
from .sampler import sample
from .scenarios import LogisticNeighbours

PLUGIN = FamilyPlugin(
    family=LOGISTIC,
    sampler=sample,
    engine=LogisticEngine,
    oracles={"output": neighbour_kl},
    batch_neighbour_kl=batch_kl,
    population_releases=("output",),
    draw_record=draw_record,
    label_columns=1,
    scenarios={"f3_strong": LogisticNeighbours.random, "f3_dp": LogisticNeighbours.random},
    outside_releases=("output",),
    real_data=True,
    dp_sgd=dp_sgd_train,
)
