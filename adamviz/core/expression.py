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

from adamviz.core.text import QT_TRANSLATE_NOOP, translate, translated

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
ALLOWED = QT_TRANSLATE_NOOP("expression", "allowed names are x1, x2, pi, e and the functions {functions}")
"""Said of a name that is none of them (English, a template: the text is allowed())."""
OPERATORS = QT_TRANSLATE_NOOP("expression", "the operators are + - * / **")

BINARY = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.Pow: "**"}
REJECTED_OPERATORS = {
    ast.BitXor: ("^", QT_TRANSLATE_NOOP("expression", "write powers as x1**2")),
    ast.FloorDiv: ("//", OPERATORS),
    ast.Mod: ("%", OPERATORS),
    ast.MatMult: ("@", OPERATORS),
    ast.BitAnd: ("&", OPERATORS),
    ast.BitOr: ("|", OPERATORS),
    ast.LShift: ("<<", OPERATORS),
    ast.RShift: (">>", OPERATORS),
}
"""Each operator refused, and the hint said with it (English: show it through translated("expression", …))."""
DESCRIPTIONS = {
    ast.Attribute: QT_TRANSLATE_NOOP("expression", "attribute access"),
    ast.Subscript: QT_TRANSLATE_NOOP("expression", "indexing"),
    ast.Slice: QT_TRANSLATE_NOOP("expression", "slicing"),
    ast.Lambda: QT_TRANSLATE_NOOP("expression", "a lambda"),
    ast.ListComp: QT_TRANSLATE_NOOP("expression", "a comprehension"),
    ast.SetComp: QT_TRANSLATE_NOOP("expression", "a comprehension"),
    ast.DictComp: QT_TRANSLATE_NOOP("expression", "a comprehension"),
    ast.GeneratorExp: QT_TRANSLATE_NOOP("expression", "a generator"),
    ast.Starred: QT_TRANSLATE_NOOP("expression", "unpacking with *"),
    ast.Compare: QT_TRANSLATE_NOOP("expression", "a comparison"),
    ast.BoolOp: QT_TRANSLATE_NOOP("expression", "and/or"),
    ast.JoinedStr: QT_TRANSLATE_NOOP("expression", "an f-string"),
    ast.FormattedValue: QT_TRANSLATE_NOOP("expression", "an f-string"),
    ast.NamedExpr: QT_TRANSLATE_NOOP("expression", "assignment (:=)"),
    ast.IfExp: QT_TRANSLATE_NOOP("expression", "if/else"),
    ast.Tuple: QT_TRANSLATE_NOOP("expression", "a tuple"),
    ast.List: QT_TRANSLATE_NOOP("expression", "a list"),
    ast.Set: QT_TRANSLATE_NOOP("expression", "a set"),
    ast.Dict: QT_TRANSLATE_NOOP("expression", "a dict"),
    ast.Await: "await", ast.Yield: "yield", ast.YieldFrom: "yield",
}
"""What each refused kind of syntax is called (English: show it through translated("expression", …))."""


def allowed() -> str:
    """Which names an expression may use, in the window's language."""
    return translated("expression", ALLOWED).format(functions=", ".join(FUNCTIONS))


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
        raise ExpressionError(translate("expression", "an expression is text, not {kind}").format(
            kind=type(text).__name__))
    source = text.replace("−", "-")
    # one line, so that a column is a column; every replacement keeps the positions
    source = "".join(" " if ch in "\t\r\n\f\v" else ch for ch in source)
    if not source.strip():
        raise ExpressionError(translate("expression", "the expression is empty: write a function of x1 and x2, "
                                        "e.g. x1**2 + 3*x2**2"))
    if len(source) > MAX_LENGTH:
        raise ExpressionError(translate("expression", "the expression is too long ({length} characters; "
                                        "at most {most})").format(length=len(source), most=MAX_LENGTH))
    if "\x00" in source:
        raise ExpressionError(translate("expression", "the expression contains a NUL character"),
                              source.index("\x00") + 1)
    # Python refuses leading blanks ("unexpected indent"); drop them but count them in columns
    lead = len(source) - len(source.lstrip())
    source = source.strip()
    try:
        parsed = ast.parse(source, mode="eval")
    except SyntaxError as exc:
        column = exc.offset if exc.lineno == 1 and exc.offset and exc.offset <= len(source) else None
        product = "decimal literal" in exc.msg or (exc.msg == "invalid syntax" and column
                                                   and _juxtaposed(source, column - 1))
        if column and product:
            message = translate("expression", "syntax error at column {column}: {message} "
                                "(products need a *, as in 2*x1)")
        elif column:
            message = translate("expression", "syntax error at column {column}: {message}")
        elif product:
            message = translate("expression", "syntax error at the end: {message} (products need a *, as in 2*x1)")
        else:
            message = translate("expression", "syntax error at the end: {message}")
        raise ExpressionError(message.format(column=column and column + lead, message=exc.msg),
                              column and column + lead) from None
    except (ValueError, RecursionError, MemoryError, OverflowError):
        raise ExpressionError(translate("expression", "the expression cannot be parsed (too deeply nested?)")) from None
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
        return not_allowed(what, hint, self.column(node))

    def convert(self, node: ast.AST, depth: int) -> Node:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise ExpressionError(translate("expression", "the expression is too large (more than {most} parts)")
                                  .format(most=MAX_NODES), self.column(node))
        if depth > MAX_DEPTH:
            raise ExpressionError(translate("expression", "the expression is nested too deeply "
                                            "(more than {most} levels)").format(most=MAX_DEPTH), self.column(node))
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
            raise self.fail(node, f"`{symbol}`", translated("expression", OPERATORS))
        if isinstance(node, ast.BinOp):
            return self.binary(node, depth)
        if isinstance(node, ast.Call):
            return self.call(node, depth)
        description = translated("expression", DESCRIPTIONS.get(type(node), type(node).__name__))
        raise self.fail(node, f"{description} `{self.segment(node)}`",
                        translate("expression", "use numbers, x1, x2, pi, e, + - * / ** and the functions {functions}")
                        .format(functions=", ".join(FUNCTIONS)))

    def constant(self, node: ast.Constant) -> Node:
        value = node.value
        if isinstance(value, bool) or value is None or value is Ellipsis:
            raise self.fail(node, f"`{self.segment(node)}`", allowed())
        if isinstance(value, complex):
            raise self.fail(node, translate("expression", "the complex number `{code}`").format(
                code=self.segment(node)), translate("expression", "use real numbers only"))
        if isinstance(value, (str, bytes)):
            raise self.fail(node, translate("expression", "the string `{code}`").format(code=self.segment(node)),
                            translate("expression", "use numbers only"))
        if not isinstance(value, (int, float)):  # pragma: no cover - no other literal reaches here
            raise self.fail(node, f"`{self.segment(node)}`", allowed())
        try:
            number = float(value)
        except OverflowError:
            number = math.inf
        if not math.isfinite(number):
            raise self.fail(node, translate("expression", "the number `{code}`").format(code=self.segment(node)),
                            translate("expression", "it is too large for a float"))
        return ("num", number)

    def name(self, node: ast.Name) -> Node:
        if node.id in VARIABLES:
            self.variables.add(node.id)
            return ("var", VARIABLES.index(node.id))
        if node.id in CONSTANTS:
            return ("num", CONSTANTS[node.id])
        if node.id in FUNCTIONS:
            raise self.fail(node, translate("expression", "`{function}` without an argument").format(function=node.id),
                            translate("expression", "write it as {function}(...)").format(function=node.id))
        hint = allowed()
        if node.id in ("x", "y", "X1", "X2"):
            hint = translate("expression", "allowed names are x1, x2, pi, e and the functions {functions} "
                             "(did you mean {name}?)").format(functions=", ".join(FUNCTIONS),
                                                               name="x1" if node.id in ("x", "X1") else "x2")
        raise self.fail(node, f"`{node.id}`", hint)

    def binary(self, node: ast.BinOp, depth: int) -> Node:
        op = BINARY.get(type(node.op))
        if op is None:
            symbol, hint = REJECTED_OPERATORS.get(type(node.op), (type(node.op).__name__, ""))
            raise self.operator_failure(node, symbol, translated("expression", hint) if hint else "")
        left = self.convert(node.left, depth + 1)
        right = self.convert(node.right, depth + 1)
        if op == "**" and right[0] == "num" and not abs(right[1]) <= MAX_EXPONENT:
            raise ExpressionError(
                translate("expression", "the exponent `{code}` is too large (column {column}): "
                          "|exponent| must be at most {most:g}").format(code=self.segment(node.right),
                                                                        column=self.column(node.right),
                                                                        most=MAX_EXPONENT),
                self.column(node.right),
            )
        return _fold(("bin", op, left, right))

    def operator_failure(self, node: ast.BinOp, symbol: str, hint: str) -> ExpressionError:
        # The operator sits between the two operands; find it to point at it.
        start = len(self.encoded[: node.left.end_col_offset].decode("utf-8", errors="ignore"))
        stop = len(self.encoded[: node.right.col_offset].decode("utf-8", errors="ignore"))
        found = self.source.find(symbol, start, max(stop, start + 1))
        column = (found if found >= 0 else start) + 1 + self.lead
        return not_allowed(f"`{symbol}`", hint, column)

    def call(self, node: ast.Call, depth: int) -> Node:
        func = node.func
        if isinstance(func, ast.Constant) or (isinstance(func, ast.Name) and func.id in (*VARIABLES, *CONSTANTS)):
            raise ExpressionError(
                translate("expression", "`{code}` is not a function (column {column}): "
                          "products need a *, as in {code}*(...)").format(code=self.segment(func),
                                                                          column=self.column(func)),
                self.column(func),
            )
        if not isinstance(func, ast.Name):
            description = translated("expression", DESCRIPTIONS.get(type(func), QT_TRANSLATE_NOOP("expression",
                                                                                                   "calling")))
            raise self.fail(func, f"{description} `{self.segment(func)}`",
                            translate("expression", "the only calls allowed are {calls}").format(
                                calls=", ".join(f"{f}(...)" for f in FUNCTIONS)))
        if func.id not in FUNCTIONS:
            raise self.fail(func, f"`{func.id}`", allowed())
        if node.keywords:
            raise self.fail(node.keywords[0], translate("expression", "the keyword argument `{code}`").format(
                code=self.segment(node.keywords[0])),
                translate("expression", "write {function}(...) with one plain argument").format(function=func.id))
        if len(node.args) != 1:
            raise ExpressionError(
                translate("expression", "`{function}` takes exactly one argument, not {count} (column {column})")
                .format(function=func.id, count=len(node.args), column=self.column(node)),
                self.column(node),
            )
        argument = node.args[0]
        if isinstance(argument, ast.Starred):
            unpacking = translate("expression", "unpacking with *")
            raise self.fail(argument, f"{unpacking} `{self.segment(argument)}`")
        return _fold(("call", func.id, self.convert(argument, depth + 1)))


def not_allowed(what: str, hint: str, column: int) -> ExpressionError:
    """"WHAT is not allowed (column N): HINT", in the window's language."""
    if hint:
        message = translate("expression", "{what} is not allowed (column {column}): {hint}")
    else:
        message = translate("expression", "{what} is not allowed (column {column})")
    return ExpressionError(message.format(what=what, column=column, hint=hint), column)


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
