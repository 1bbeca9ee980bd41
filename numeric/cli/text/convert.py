"""Text for the terminal: ``mileak convert``."""

from __future__ import annotations


def convert_text(result) -> str:
    out = [f"input: {result['input']}, sensitivity {result['sensitivity']}; calibration: {result['calibration']}"]
    for name, v in result["values"].items():
        tag = "" if v["kind"] == "exact" else f"  [{v['kind']}]"
        out.append(f"  {name:<28} {v['value']}  (error {v['error']}){tag}")
    out += [f"note: {note}" for note in result.get("notes", [])]
    return "\n".join(out)
