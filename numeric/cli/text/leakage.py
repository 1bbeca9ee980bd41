"""Text for the terminal: ``mileak leakage``: one line per quantity with its status and source."""

from __future__ import annotations


def leakage_text(result) -> str:
    out = [f"leakage of {result['family']} at " + ", ".join(f"{k}={v}" for k, v in result["parameters"].items())]
    for e in result["entries"]:
        err = f"  (error {e['error']})" if e["error"] not in (None, "0") else ""
        val = e["value"] if e["value"] is not None else ""
        out.append(f"  {e['quantity']}: {val}{err}  [{e['status']}; {e['source']}]")
    return "\n".join(out)
