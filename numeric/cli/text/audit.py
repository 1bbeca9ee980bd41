"""Text for the terminal: ``mileak audit``: the real-data audit."""

from __future__ import annotations

from .simulation import simulate_text


def audit_text(r: dict) -> str:

    head = (f"mileak audit {r['dataset']}: {r['rows']} rows, {r['features']} features scaled to ||x|| <= {r['R']}, "
            f"n = {r['n']} per model, lam = {r['lam']}, "
            + (f"({r['eps']}, {r['delta']})-DP output perturbation (analytic), sigma = {r['sigma']:.6g}, "
               f"sensitivity {r['sensitivity']:.6g}" if r["eps"] else "no noise (non-private baseline)")
            + f"; {r['models']} models (each the target once, the others its shadows), {r['pairs']} (model, row) pairs "
            f"({r['dropped']} without enough in/out shadows dropped); "
            f"held-out accuracy {r['accuracy']:.4f}")
    boot = "; ".join(f"{k} AUC [{v['auc']['model_bootstrap'][0]:.4f}, {v['auc']['model_bootstrap'][1]:.4f}]"
                     for k, v in r["attacks"].items() if "model_bootstrap" in v["auc"])
    head += f"\n  model-bootstrap intervals (pairs of a model share its noise): {boot}"
    body = simulate_text({**r, "values": {}, "dp": None, "trials": r["pairs"], "pi": 0.5, "shadows": 0})
    return head + "\n" + "\n".join(body.splitlines()[2:])
