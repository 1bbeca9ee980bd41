"""The membership game played many times: batched training engines, attacks, metrics, reports.

* :mod:`.engine` (the interface) and one engine per family: :mod:`.gaussian_mean_engine`,
  :mod:`.ridge_engine`, :mod:`.logistic_engine`;
* :mod:`.membership_game` (Monte Carlo of docs/theory.md section 1, population and strong adversary);
* :mod:`.attacks` (exact likelihood ratio, LiRA-style, loss threshold);
* :mod:`.metrics` (Clopper-Pearson, DeLong AUC, TPR at FPR with the realised FPR);
* :mod:`.attack_bounds` and :mod:`.simulate` (every bound beside every attack);
* :mod:`.overparameterisation`, :mod:`.audit`, :mod:`.sweep`, :mod:`.plots`.
"""
