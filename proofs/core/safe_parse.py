"""Parse a user's formula into sympy without ever evaluating Python.

The string is parsed by :mod:`ast` and the tree is walked here: only numbers,
the declared symbols, ``+ - * / **``, unary signs and calls of a fixed list of
mathematical functions are accepted. Everything else (attribute access,
``__import__``, lambdas, comprehensions, subscripts, keywords, strings,
starred arguments, assignments) is rejected with a :class:`FormulaError` that
says what was found and where. Nothing in the string is executed: no
``eval``, no ``sympify``.

Size guards keep hostile input cheap: at most ``MAX_LENGTH`` characters,
``MAX_NODES`` syntax nodes and ``MAX_DEPTH`` nesting; a constant power whose
value would exceed ``10**MAX_DIGITS`` (``9**9**9``) is refused before it is
computed (decided on the exact base), and so is a power of a non-constant
beyond degree ``MAX_DEGREE``.

>>> import sympy as sp
>>> x, t = sp.symbols("x theta", real=True)
>>> parse_formula("log(1 + exp(-x*theta)) + theta**2/2", {"x": x, "theta": t})
theta**2/2 + log(1 + exp(-theta*x))
>>> parse_formula("__import__('os').system('true')", {"x": x})
Traceback (most recent call last):
...
mileak.proofs.core.safe_parse.FormulaError: formula: call of a non-function (allowed functions: ...) at column 1
"""

from __future__ import annotations

import ast
import math
import re

import sympy as sp

MAX_LENGTH = 2000
MAX_NODES = 400
MAX_DEPTH = 40
MAX_DIGITS = 4000
MAX_DEGREE = 100  # (theta - x)**10**6 would take gigabytes once expanded or differentiated
MAX_DECIMAL_EXPONENT = 300  # 1e-400 is refused by name (a double would silently make it 0), like --param

FUNCTIONS = {
    "exp": sp.exp, "log": sp.log, "sqrt": sp.sqrt, "Abs": sp.Abs, "sin": sp.sin, "cos": sp.cos,
    "tanh": sp.tanh, "sinh": sp.sinh, "cosh": sp.cosh, "atan": sp.atan, "erf": sp.erf,
    "Max": sp.Max, "Min": sp.Min,
}
CONSTANTS = {"pi": sp.pi, "E": sp.E}
_BINARY = {ast.Add: sp.Add, ast.Sub: lambda a, b: a - b, ast.Mult: sp.Mul, ast.Div: lambda a, b: a / b}


class FormulaError(ValueError):
    """A formula string that is malformed or reaches outside the allowed mathematical language."""


def _fail(what, node=None, name="formula"):
    where = f" at column {node.col_offset + 1}" if node is not None and hasattr(node, "col_offset") else ""
    raise FormulaError(f"{name}: {what}{where}")


def _magnitude_ok(base, exponent) -> bool:
    """Whether ``base**exponent`` of two sympy numbers stays below ``10**MAX_DIGITS`` in size, decided exactly.

    A rational base ``p/q`` is sized by its integers' bit lengths (``(1/3**700)**(-10**6)`` is refused even
    though ``3.0**-700`` underflows a double); any other numeric base by ``|exponent| * |log10 |base||``
    evaluated by sympy (no underflow either).
    """
    try:
        if exponent.is_Rational and base.is_Rational:
            if base in (0, 1, -1):
                return True
            bits = abs(base.p).bit_length() + abs(base.q).bit_length()
            return abs(exponent) * bits * sp.Rational(30103, 100000) <= MAX_DIGITS
        size = sp.Abs(exponent) * sp.Abs(sp.log(sp.Abs(base), 10))
        return bool(size.evalf(15) <= MAX_DIGITS)
    except (TypeError, ValueError, OverflowError):
        return False


def parse_formula(text, symbols: dict, name: str = "formula") -> sp.Expr:
    """The sympy expression of ``text`` in the given ``symbols`` (a name -> sympy Symbol map)."""
    if isinstance(text, sp.Expr):
        return text
    if not isinstance(text, str):
        raise TypeError(f"{name} must be a string or a sympy expression, got {type(text).__name__}")
    if len(text) > MAX_LENGTH:
        _fail(f"is {len(text)} characters long; at most {MAX_LENGTH} are accepted", name=name)
    if not text.strip():
        _fail("is empty", name=name)
    depth = deepest = 0
    for ch in text:
        depth += (ch in "([{") - (ch in ")]}")
        deepest = max(deepest, depth)
    if deepest > MAX_DEPTH:
        _fail(f"nests brackets {deepest} deep; at most {MAX_DEPTH} are accepted", name=name)
    clash = set(symbols) & (set(FUNCTIONS) | set(CONSTANTS))
    if clash:
        raise ValueError(f"symbol names {sorted(clash)} clash with built-in functions or constants")
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except (SyntaxError, ValueError, RecursionError, MemoryError) as exc:
        _fail(f"is not a valid formula ({type(exc).__name__}: {getattr(exc, 'msg', exc)})", name=name)
    nodes = sum(1 for _ in ast.walk(tree))
    if nodes > MAX_NODES:
        _fail(f"has {nodes} syntax nodes; at most {MAX_NODES} are accepted", name=name)
    return _Builder(symbols, name, text.strip()).build(tree.body, 0)


_EXPONENT = re.compile(r"[eE]([+-]?\d+)$")


class _Builder:
    def __init__(self, symbols, name, source):
        self.symbols, self.name, self.source = symbols, name, source

    def build(self, node, depth):
        """The sympy value of ``node``; a sub-expression that is not a finite real number is refused."""
        value = self._build(node, depth)
        if value.has(sp.zoo, sp.nan, sp.oo, -sp.oo, sp.I) or (value.is_number and value.is_extended_real is False):
            segment = ast.get_source_segment(self.source, node) or type(node).__name__
            _fail(f"{segment!r} is not a finite real number (it evaluates to {value})", node, self.name)
        return value

    def _number(self, node, v):
        """A literal's exact value: decimals by their text (``0.1`` is ``1/10``, not the nearest double)."""
        if isinstance(v, int):
            return sp.Integer(v)
        text = ast.get_source_segment(self.source, node) or repr(v)
        exponent = _EXPONENT.search(text)
        if exponent and (len(exponent.group(1)) > 6 or abs(int(exponent.group(1))) > MAX_DECIMAL_EXPONENT):
            _fail(f"decimal exponent of {text!r} is beyond 10^+-{MAX_DECIMAL_EXPONENT}", node, self.name)
        return sp.Rational(text)

    def _build(self, node, depth):
        if depth > MAX_DEPTH:
            _fail(f"is nested more than {MAX_DEPTH} levels deep", node, self.name)
        d = depth + 1
        if isinstance(node, ast.Constant):
            v = node.value
            if isinstance(v, bool) or not isinstance(v, (int, float)):
                _fail(f"constant {v!r} is not a number", node, self.name)
            if isinstance(v, int) and abs(v) > 10**MAX_DIGITS:
                _fail("integer literal is too large", node, self.name)
            if isinstance(v, float) and not math.isfinite(v) and not _EXPONENT.search(
                    ast.get_source_segment(self.source, node) or ""):
                _fail(f"constant {v!r} is not finite", node, self.name)
            return self._number(node, v)
        if isinstance(node, ast.Name):
            if node.id in self.symbols:
                return self.symbols[node.id]
            if node.id in CONSTANTS:
                return CONSTANTS[node.id]
            _fail(f"unknown name {node.id!r} (declared symbols: {', '.join(sorted(self.symbols)) or 'none'})",
                  node, self.name)
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
            inner = self.build(node.operand, d)
            return -inner if isinstance(node.op, ast.USub) else inner
        if isinstance(node, ast.BinOp) and type(node.op) in _BINARY:
            return _BINARY[type(node.op)](self.build(node.left, d), self.build(node.right, d))
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Pow):
            base, exponent = self.build(node.left, d), self.build(node.right, d)
            if base.is_number and exponent.is_number and not _magnitude_ok(base, exponent):
                _fail(f"constant power is too large (more than {MAX_DIGITS} digits)", node, self.name)
            if not base.is_number and exponent.is_number and abs(exponent) > MAX_DEGREE:
                _fail(f"power {exponent} of a non-constant is beyond degree {MAX_DEGREE} (a polynomial of that "
                      "degree would exhaust memory when expanded)", node, self.name)
            if exponent.is_number and abs(exponent) > 10**6:
                _fail("exponent is too large", node, self.name)
            return sp.Pow(base, exponent)
        if isinstance(node, ast.Call):
            if not isinstance(node.func, ast.Name) or node.func.id not in FUNCTIONS:
                _fail(f"call of a non-function (allowed functions: {', '.join(sorted(FUNCTIONS))})", node, self.name)
            if node.keywords or any(isinstance(a, ast.Starred) for a in node.args) or not node.args:
                _fail(f"{node.func.id}() takes plain positional arguments", node, self.name)
            args = [self.build(a, d) for a in node.args]
            if node.func.id not in ("Max", "Min") and len(args) != 1:
                _fail(f"{node.func.id}() takes one argument, got {len(args)}", node, self.name)
            return FUNCTIONS[node.func.id](*args)
        _fail(f"{type(node).__name__} is not allowed (only numbers, declared symbols, + - * / **, and "
              "calls of mathematical functions)", node, self.name)
