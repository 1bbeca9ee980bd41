"""``--help`` for people: every default shown, and one to three examples per command.

``EXAMPLES`` is checked by the tests: each example parses, and the cheap ones run.
"""

from __future__ import annotations

import argparse

EXAMPLES = {
    "verify": ["mileak verify", "mileak verify --theorem T1 T2.roc --profile thorough",
               "mileak verify --theorem T6 --json certificates.json"],
    "derive": ["mileak derive T1.kl", "mileak derive T2 --latex"],
    "falsify": ["mileak falsify T4 --family logistic --json cert.json", "mileak falsify T4 --replay cert.json",
                "mileak falsify T3 --family ridge --grid p=5,20 --grid n=2,5,10,20 --grid lam=0.01,1 --out phase "
                "--plot phase.png"],
    "convert": ["mileak convert --eps 1 --delta 1e-5", "mileak convert --mu 1 --dps 50",
                "mileak convert --tpr 0.05 --fpr 0.001"],
    "leakage": ["mileak leakage gaussian-mean --param n=20 --param sigma=1/2 --param p=2",
                "mileak leakage logistic --param n=1000 --param lam=0.01 --param eps=2 --param delta=1e-6",
                "mileak leakage dp-sgd --param q=0.01 --param z=1.1 --param steps=1000"],
    "families": ["mileak families", "mileak families --json families.json"],
    "simulate": ["mileak simulate gaussian-mean --param n=10 --param sigma=1",
                 "mileak simulate ridge --param n=20 --param lam=0.1 --param sigma=0.5 --plot roc.png",
                 "mileak simulate --loss 'log(cosh(theta - x))' --box x=-1:1 --param n=20 --param lam=1 "
                 "--param sigma=1"],
    "audit": ["mileak audit breast-cancer", "mileak audit wine --eps none --models 128 --plot roc.pdf"],
    "sweep": ["mileak sweep gaussian-mean --grid n=10,20,40 --param sigma=1 --out sweep-n",
              "mileak sweep ridge --grid lam=0.01,0.1,1 --param n=20 --param sigma=0.5 --out sweep-lam --jobs 2 "
              "--plot sweep.png"],
}


class HelpWithDefaults(argparse.RawDescriptionHelpFormatter):
    """Each option's help ends with its default unless the text already states one; the epilog keeps its lines."""

    def _get_help_string(self, action):
        text = action.help or ""
        default = action.default
        if (not action.option_strings or default in (None, False, [], argparse.SUPPRESS)
                or "default" in text.lower()):
            return text
        shown = " ".join(default) if isinstance(default, list) else default
        return f"{text} (default {shown})" if text else f"default {shown}"


def decorate(subparsers) -> None:
    """Give every subcommand the formatter and its examples as the epilog."""
    for name, parser in subparsers.choices.items():
        parser.formatter_class = HelpWithDefaults
        parser.epilog = "examples:\n" + "\n".join(f"  {line}" for line in EXAMPLES.get(name, []))
