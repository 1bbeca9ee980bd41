"""Text for the terminal: ``mileak falsify classic-gaussian``."""

from __future__ import annotations


def classic_text(r) -> str:
    c = r["counterexample"]
    out = ["classic Gaussian mechanism, sigma = Delta sqrt(2 ln(1.25/delta)) / eps (Delta = 1)"]
    if c:
        out.append(f"FALSIFIED at eps = {c['eps']}, delta = {c['delta']}: sigma_classic = {c['sigma_classic']}")
        out.append(f"  true delta = {c['true_delta']} (certified error {c['true_delta_error']}), "
                   f"{c['true_over_claimed']} times the claimed delta")
    else:
        out.append("no violation found")
    g = r["region"]
    out.append(f"stated region eps in {g['eps']}: {g['points']} grid points, {g['violations']} violations "
               f"(largest true/claimed delta {g['largest_true_over_claimed']})")
    return "\n".join(out)
