"""Text for the terminal: ``mileak families``: each registered family, its releases and parameters."""

from __future__ import annotations


def families_text(result: dict) -> str:
    out = []
    for f in result["families"]:
        sim = "simulator" if f["simulator"] else "no simulator"
        out.append(f"{f['name']}: {f['title']} (releases {', '.join(f['releases'])}; {sim})")
        for q in f["parameters"]:
            domain = ("int in " if q["integer"] else "") + q["domain"]
            out.append(f"  {q['name']:10} {domain:20} {q['meaning']}")
    return "\n".join(out)
