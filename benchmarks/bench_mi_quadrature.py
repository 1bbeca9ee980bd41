"""Benchmark: F1's exact rho_MI, variance-gamma route vs naive nested quadrature (same process).

The naive route integrates the per-coordinate game "(u, t) bivariate normal with
correlation c versus independent" directly: ``rho_MI = int int [pi p1 ln(p1/pbar)
+ (1-pi) p0 ln(p0/pbar)] du dt`` with ``mpmath.quad`` in two variables (p = 1).
Two reduced routes: ``f1_membership_information`` (the cached variance-gamma
double-exponential rule, Bessel values from Arb) and ``f1_membership_information_quad``
(``mpmath.quad`` over the variance-gamma density). Reports the speed ratios at a
precision where the naive route finishes, and the fast route's time per
evaluation at 30 digits, cold (node cache empty) and warm (median of 5 calls at
other correlations), with its certified error.

Usage: python benchmarks/bench_mi_quadrature.py [--naive-dps 10] [--p 1 2 10]
"""

from __future__ import annotations

import argparse
import time

import mpmath

from mileak.numeric.families.gaussian_mean.information import f1_membership_information, f1_membership_information_quad
from mileak.numeric.families.gaussian_mean.variance_gamma_rule import clear_cache


def naive(pi, c2, dps):
    with mpmath.workdps(dps):
        c = mpmath.sqrt(c2)
        det = 1 - c2

        def f(u, t):
            p0 = mpmath.exp(-(u * u + t * t) / 2) / (2 * mpmath.pi)
            p1 = mpmath.exp(-(u * u - 2 * c * u * t + t * t) / (2 * det)) / (2 * mpmath.pi * mpmath.sqrt(det))
            bar = pi * p1 + (1 - pi) * p0
            return pi * p1 * mpmath.log(p1 / bar) + (1 - pi) * p0 * mpmath.log(p0 / bar)

        return mpmath.quad(f, [-mpmath.inf, 0, mpmath.inf], [-mpmath.inf, 0, mpmath.inf])


def timed(fn):
    start = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - start


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--naive-dps", type=int, default=10)
    ap.add_argument("--p", type=int, nargs="+", default=[1, 2, 10])
    args = ap.parse_args()
    pi, c2 = mpmath.mpf("0.3"), mpmath.mpf("0.5")

    dps = max(15, args.naive_dps)
    ref, t_naive = timed(lambda: naive(pi, c2, args.naive_dps))
    clear_cache()
    ours, t_ours = timed(lambda: f1_membership_information(pi, c2, 1, dps=dps))
    quad, t_quad = timed(lambda: f1_membership_information_quad(pi, c2, 1, dps=dps))
    print(f"p=1, {args.naive_dps} digits: naive nested quad {t_naive:.2f} s; mpmath.quad over the variance-gamma "
          f"density {t_quad:.2f} s; cached rule {t_ours:.3f} s (cold): ratio {t_naive / t_ours:.0f}x vs naive, "
          f"{t_quad / t_ours:.0f}x vs quad; values {mpmath.nstr(ref, args.naive_dps)} / "
          f"{mpmath.nstr(quad.value, args.naive_dps)} / {mpmath.nstr(ours.value, args.naive_dps)} "
          f"(certified error {mpmath.nstr(ours.error, 2)})")
    for p in args.p:
        clear_cache()
        cold, t_cold = timed(lambda: f1_membership_information(pi, c2, p))
        warm = sorted(timed(lambda: f1_membership_information(pi, c2 * (1 - mpmath.mpf(i) / 50), p))[1]
                      for i in range(1, 6))
        print(f"p={p}, 30 digits: cold {1e3 * t_cold:.0f} ms, warm {1e3 * warm[2]:.0f} ms (median of 5), "
              f"certified error {mpmath.nstr(cold.error, 2)}")


if __name__ == "__main__":
    main()
