"""A loss f(x1, x2) typed by the user, parsed safely, evaluated on numpy arrays and torch tensors.

The language: numbers, the variables x1 and x2, the constants pi (or π) and e,
the operators + − * / ** (and unary + −), parentheses, and the functions sin,
cos, exp, log, sqrt, abs and tanh of one argument each. The Unicode minus "−"
is read as "-".

Safety. The text is parsed with ``ast.parse(mode="eval")`` and only walked,
never compiled to code, evaluated or executed: every node must be one of the
whitelisted kinds above or the whole expression is rejected with a one-line
message that names the offending part and its column. The walk turns the tree
into a small tuple tree of our own, and only that is ever evaluated, by two
tiny interpreters that know nothing but the operations above (numpy for grids,
torch for autograd). Numbers become Python floats the moment they are read, so
nothing is ever computed with Python's unbounded integers: ``9**9**9`` is
rejected at once (its exponent 9**9 is over the limit), and any power that
passes the checks costs one float operation. Text length, node count and
nesting depth are bounded, so neither parsing nor evaluating can take long.

Evaluation follows IEEE float rules quietly: log(0) is −inf, sqrt(−1) is nan,
overflow is inf; callers decide what to do with non-finite values.
"""

from __future__ import annotations

import ast
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    import torch

MAX_LENGTH = 500
"""Characters of text accepted."""
MAX_NODES = 250
"""Syntax-tree nodes accepted (a term like 3*x1**2 is 5)."""
MAX_DEPTH = 100
"""Nesting depth accepted (each operator, call and unary minus is a level)."""
MAX_EXPONENT = 1000.0
"""Largest |exponent| accepted when the exponent is a constant."""

VARIABLES = ("x1", "x2")
CONSTANTS = {"pi": math.pi, "π": math.pi, "e": math.e}
FUNCTIONS = ("sin", "cos", "exp", "log", "sqrt", "abs", "tanh")
ALLOWED = f"allowed names are x1, x2, pi, e and the functions {', '.join(FUNCTIONS)}"

BINARY = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.Pow: "**"}
REJECTED_OPERATORS = {
    ast.BitXor: ("^", "write powers as x1**2"),
    ast.FloorDiv: ("//", "the operators are + - * / **"),
    ast.Mod: ("%", "the operators are + - * / **"),
    ast.MatMult: ("@", "the operators are + - * / **"),
    ast.BitAnd: ("&", "the operators are + - * / **"),
    ast.BitOr: ("|", "the operators are + - * / **"),
    ast.LShift: ("<<", "the operators are + - * / **"),
    ast.RShift: (">>", "the operators are + - * / **"),
}
DESCRIPTIONS = {
    ast.Attribute: "attribute access", ast.Subscript: "indexing", ast.Slice: "slicing",
    ast.Lambda: "a lambda", ast.ListComp: "a comprehension", ast.SetComp: "a comprehension",
    ast.DictComp: "a comprehension", ast.GeneratorExp: "a generator", ast.Starred: "unpacking with *",
    ast.Compare: "a comparison", ast.BoolOp: "and/or", ast.JoinedStr: "an f-string",
    ast.FormattedValue: "an f-string", ast.NamedExpr: "assignment (:=)", ast.IfExp: "if/else",
    ast.Tuple: "a tuple", ast.List: "a list", ast.Set: "a set", ast.Dict: "a dict",
    ast.Await: "await", ast.Yield: "yield", ast.YieldFrom: "yield",
}


class ExpressionError(ValueError):
    """The text is not an acceptable expression; the message says what and where (1-based column)."""

    def __init__(self, message: str, column: int | None = None):
        super().__init__(message)
        self.column = column


# The parsed form: ("num", float) | ("var", 0 | 1) | ("neg", node) | ("bin", op, node, node)
# | ("call", function, node). Nothing else can be built, so nothing else can be evaluated.
Node = tuple


@dataclass(frozen=True)
class Expression:
    """A parsed f(x1, x2); call it on points (..., 2) or use ``numpy``/``torch`` on coordinate arrays."""

    text: str
    tree: Node
    variables: frozenset[str]
    """Which of x1, x2 the text mentions."""

    def __call__(self, points) -> np.ndarray:
        """f at points of shape (..., 2), float64, non-finite values allowed."""
        points = np.asarray(points, dtype=np.float64)
        return self.numpy(points[..., 0], points[..., 1])

    def numpy(self, x1, x2) -> np.ndarray:
        x1 = np.asarray(x1, dtype=np.float64)
        x2 = np.asarray(x2, dtype=np.float64)
        shape = np.broadcast_shapes(x1.shape, x2.shape)
        with np.errstate(all="ignore"):
            value = _evaluate(self.tree, (x1, x2), NUMPY_OPS)
            return np.asarray(value, dtype=np.float64) + np.zeros(shape)

    def torch(self, x1: torch.Tensor, x2: torch.Tensor) -> torch.Tensor:
        """f on tensors (differentiable by autograd), in their dtype, broadcast to their shape."""
        import torch

        value = _evaluate(self.tree, (x1, x2), torch_ops())
        shape = torch.broadcast_shapes(x1.shape, x2.shape)
        if not torch.is_tensor(value):
            return torch.full(shape, float(value), dtype=x1.dtype)
        return value if value.shape == shape else value.expand(shape)

    @property
    def constant(self) -> bool:
        """True when the text mentions neither x1 nor x2."""
        return not self.variables

    def __str__(self) -> str:
        return self.text


def parse_expression(text: str) -> Expression:
    """Parse ``text`` into an Expression; ExpressionError (a ValueError) with a clear message otherwise."""
    if not isinstance(text, str):
        raise ExpressionError(f"an expression is text, not {type(text).__name__}")
    source = text.replace("−", "-")
    # one line, so that a column is a column; every replacement keeps the positions
    source = "".join(" " if ch in "\t\r\n\f\v" else ch for ch in source)
    if not source.strip():
        raise ExpressionError("the expression is empty: write a function of x1 and x2, e.g. x1**2 + 3*x2**2")
    if len(source) > MAX_LENGTH:
        raise ExpressionError(f"the expression is too long ({len(source)} characters; at most {MAX_LENGTH})")
    if "\x00" in source:
        raise ExpressionError("the expression contains a NUL character", source.index("\x00") + 1)
    # Python refuses leading blanks ("unexpected indent"); drop them but count them in columns
    lead = len(source) - len(source.lstrip())
    source = source.strip()
    try:
        parsed = ast.parse(source, mode="eval")
    except SyntaxError as exc:
        column = exc.offset if exc.lineno == 1 and exc.offset and exc.offset <= len(source) else None
        where = f" at column {column + lead}" if column else " at the end"
        hint = ""
        if "decimal literal" in exc.msg or (exc.msg == "invalid syntax" and column and _juxtaposed(source, column - 1)):
            hint = " (products need a *, as in 2*x1)"
        raise ExpressionError(f"syntax error{where}: {exc.msg}{hint}", column and column + lead) from None
    except (ValueError, RecursionError, MemoryError, OverflowError):
        raise ExpressionError("the expression cannot be parsed (too deeply nested?)") from None
    converter = _Converter(source, lead)
    tree = converter.convert(parsed.body, 1)
    return Expression(source, tree, frozenset(converter.variables))


def _juxtaposed(source: str, index: int) -> bool:
    """Whether a name, number or "(" at ``index`` directly follows a name, number or ")"."""
    before = source[:index].rstrip()
    here = source[index:index + 1]
    return bool(before) and (before[-1].isalnum() or before[-1] in "_)") and (here.isalnum() or here in "_(")


# ---------------------------------------------------------------- the whitelist walk


class _Converter:
    def __init__(self, source: str, lead: int = 0):
        self.source = source
        self.lead = lead
        """Blanks stripped from the front of the user's text: added to every column reported."""
        self.encoded = source.encode("utf-8")
        self.nodes = 0
        self.variables: set[str] = set()

    def column(self, node: ast.AST) -> int:
        """1-based character column of ``node`` (ast gives UTF-8 byte offsets)."""
        offset = getattr(node, "col_offset", 0)
        return len(self.encoded[:offset].decode("utf-8", errors="ignore")) + 1 + self.lead

    def segment(self, node: ast.AST, limit: int = 40) -> str:
        text = ast.get_source_segment(self.source, node) or type(node).__name__
        return text if len(text) <= limit else text[: limit - 1] + "…"

    def fail(self, node: ast.AST, what: str, hint: str = "") -> ExpressionError:
        column = self.column(node)
        message = f"{what} is not allowed (column {column})"
        return ExpressionError(f"{message}: {hint}" if hint else message, column)

    def convert(self, node: ast.AST, depth: int) -> Node:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise ExpressionError(f"the expression is too large (more than {MAX_NODES} parts)", self.column(node))
        if depth > MAX_DEPTH:
            raise ExpressionError(f"the expression is nested too deeply (more than {MAX_DEPTH} levels)",
                                  self.column(node))
        if isinstance(node, ast.Constant):
            return self.constant(node)
        if isinstance(node, ast.Name):
            return self.name(node)
        if isinstance(node, ast.UnaryOp):
            if isinstance(node.op, ast.USub):
                return _fold(("neg", self.convert(node.operand, depth + 1)))
            if isinstance(node.op, ast.UAdd):
                return self.convert(node.operand, depth + 1)
            symbol = "not" if isinstance(node.op, ast.Not) else "~"
            raise self.fail(node, f"`{symbol}`", "the operators are + - * / **")
        if isinstance(node, ast.BinOp):
            return self.binary(node, depth)
        if isinstance(node, ast.Call):
            return self.call(node, depth)
        description = DESCRIPTIONS.get(type(node), type(node).__name__)
        raise self.fail(node, f"{description} `{self.segment(node)}`",
                        "use numbers, x1, x2, pi, e, + - * / ** and the functions " + ", ".join(FUNCTIONS))

    def constant(self, node: ast.Constant) -> Node:
        value = node.value
        if isinstance(value, bool) or value is None or value is Ellipsis:
            raise self.fail(node, f"`{self.segment(node)}`", ALLOWED)
        if isinstance(value, complex):
            raise self.fail(node, f"the complex number `{self.segment(node)}`", "use real numbers only")
        if isinstance(value, (str, bytes)):
            raise self.fail(node, f"the string `{self.segment(node)}`", "use numbers only")
        if not isinstance(value, (int, float)):  # pragma: no cover - no other literal reaches here
            raise self.fail(node, f"`{self.segment(node)}`", ALLOWED)
        try:
            number = float(value)
        except OverflowError:
            number = math.inf
        if not math.isfinite(number):
            raise self.fail(node, f"the number `{self.segment(node)}`", "it is too large for a float")
        return ("num", number)

    def name(self, node: ast.Name) -> Node:
        if node.id in VARIABLES:
            self.variables.add(node.id)
            return ("var", VARIABLES.index(node.id))
        if node.id in CONSTANTS:
            return ("num", CONSTANTS[node.id])
        if node.id in FUNCTIONS:
            raise self.fail(node, f"`{node.id}` without an argument", f"write it as {node.id}(...)")
        hint = ALLOWED
        if node.id in ("x", "y", "X1", "X2"):
            hint += f" (did you mean {'x1' if node.id in ('x', 'X1') else 'x2'}?)"
        raise self.fail(node, f"`{node.id}`", hint)

    def binary(self, node: ast.BinOp, depth: int) -> Node:
        op = BINARY.get(type(node.op))
        if op is None:
            symbol, hint = REJECTED_OPERATORS.get(type(node.op), (type(node.op).__name__, ""))
            raise self.operator_failure(node, symbol, hint)
        left = self.convert(node.left, depth + 1)
        right = self.convert(node.right, depth + 1)
        if op == "**" and right[0] == "num" and not abs(right[1]) <= MAX_EXPONENT:
            raise ExpressionError(
                f"the exponent `{self.segment(node.right)}` is too large (column {self.column(node.right)}): "
                f"|exponent| must be at most {MAX_EXPONENT:g}",
                self.column(node.right),
            )
        return _fold(("bin", op, left, right))

    def operator_failure(self, node: ast.BinOp, symbol: str, hint: str) -> ExpressionError:
        # The operator sits between the two operands; find it to point at it.
        start = len(self.encoded[: node.left.end_col_offset].decode("utf-8", errors="ignore"))
        stop = len(self.encoded[: node.right.col_offset].decode("utf-8", errors="ignore"))
        found = self.source.find(symbol, start, max(stop, start + 1))
        column = (found if found >= 0 else start) + 1 + self.lead
        message = f"`{symbol}` is not allowed (column {column})"
        return ExpressionError(f"{message}: {hint}" if hint else message, column)

    def call(self, node: ast.Call, depth: int) -> Node:
        func = node.func
        if isinstance(func, ast.Constant) or (isinstance(func, ast.Name) and func.id in (*VARIABLES, *CONSTANTS)):
            raise ExpressionError(
                f"`{self.segment(func)}` is not a function (column {self.column(func)}): "
                f"products need a *, as in {self.segment(func)}*(...)",
                self.column(func),
            )
        if not isinstance(func, ast.Name):
            description = DESCRIPTIONS.get(type(func), "calling")
            raise self.fail(func, f"{description} `{self.segment(func)}`",
                            "the only calls allowed are " + ", ".join(f"{f}(...)" for f in FUNCTIONS))
        if func.id not in FUNCTIONS:
            raise self.fail(func, f"`{func.id}`", ALLOWED)
        if node.keywords:
            raise self.fail(node.keywords[0], f"the keyword argument `{self.segment(node.keywords[0])}`",
                            f"write {func.id}(...) with one plain argument")
        if len(node.args) != 1:
            raise ExpressionError(
                f"`{func.id}` takes exactly one argument, not {len(node.args)} (column {self.column(node)})",
                self.column(node),
            )
        argument = node.args[0]
        if isinstance(argument, ast.Starred):
            raise self.fail(argument, f"unpacking with * `{self.segment(argument)}`")
        return _fold(("call", func.id, self.convert(argument, depth + 1)))


def _fold(node: Node) -> Node:
    """A node whose operands are all numbers becomes a number, computed in float64."""
    operands = node[1:] if node[0] == "neg" else node[2:]
    if all(part[0] == "num" for part in operands):
        with np.errstate(all="ignore"):
            return ("num", float(_evaluate(node, (None, None), NUMPY_OPS)))
    return node


# ---------------------------------------------------------------- the two interpreters


def _evaluate(node: Node, variables: tuple[Any, Any], ops: dict) -> Any:
    kind = node[0]
    if kind == "num":
        return ops["num"](node[1])
    if kind == "var":
        return variables[node[1]]
    if kind == "neg":
        return -_evaluate(node[1], variables, ops)
    if kind == "bin":
        left = _evaluate(node[2], variables, ops)
        right = _evaluate(node[3], variables, ops)
        return ops[node[1]](left, right)
    if kind == "call":
        return ops[node[1]](_evaluate(node[2], variables, ops))
    raise AssertionError(f"unknown node {kind!r}")  # pragma: no cover


NUMPY_OPS = {
    "num": np.float64,
    "+": np.add, "-": np.subtract, "*": np.multiply, "/": np.true_divide, "**": np.power,
    "sin": np.sin, "cos": np.cos, "exp": np.exp, "log": np.log, "sqrt": np.sqrt, "abs": np.abs, "tanh": np.tanh,
}

_TORCH_OPS: dict | None = None


def torch_ops() -> dict:
    global _TORCH_OPS
    if _TORCH_OPS is None:
        import operator

        import torch

        def as_tensor_op(fn):
            def apply(value):
                return fn(value) if torch.is_tensor(value) else fn(torch.tensor(value, dtype=torch.float64))
            return apply

        _TORCH_OPS = {
            "num": float,
            "+": operator.add, "-": operator.sub, "*": operator.mul, "/": operator.truediv, "**": operator.pow,
            **{name: as_tensor_op(getattr(torch, name)) for name in FUNCTIONS},
        }
    return _TORCH_OPS
