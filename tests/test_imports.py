"""Import-graph ratchet (issue 13): no NEW import circle inside the translate package.

The graph has one node per module of the package and an edge A -> B for every
module-level ``import``/``from ... import`` of B in A (also inside ``if``/``try`` at
module level, not under ``if TYPE_CHECKING:``). Imports inside functions are not
edges: they run late, on purpose (torch, CTranslate2) or to break a circle; issue 13
plans to leave only the lazy ones, marked. The circles found today are listed in
KNOWN_CYCLES: a new one fails this test; when one is broken, remove it from the list
(the test says so), so the list only shrinks.
"""

from __future__ import annotations

import ast
from pathlib import Path

PKG = Path(__file__).resolve().parents[1] / "translate"

# Strongly connected components (sets of modules importing each other at module level), today.
# None at module level today: the 4 circles issue 13 counts run through function-level imports
# (counted by the second ratchet below), which exist to break them.
KNOWN_CYCLES: set[frozenset[str]] = set()


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PKG.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _is_type_checking(node: ast.If) -> bool:
    t = node.test
    return (isinstance(t, ast.Name) and t.id == "TYPE_CHECKING") or (isinstance(t, ast.Attribute) and t.attr == "TYPE_CHECKING")


def _top_level_imports(tree: ast.Module):
    stack = list(tree.body)
    while stack:
        node = stack.pop()
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            yield node
        elif isinstance(node, ast.If):
            if not _is_type_checking(node):
                stack += node.body + node.orelse
        elif isinstance(node, ast.Try):
            stack += node.body + node.orelse + node.finalbody + [s for h in node.handlers for s in h.body]
        elif isinstance(node, ast.With):
            stack += node.body


def import_graph() -> dict[str, set[str]]:
    files = {_module_name(p): p for p in PKG.rglob("*.py")}
    graph: dict[str, set[str]] = {m: set() for m in files}
    for mod, path in files.items():
        is_pkg = path.name == "__init__.py"
        package = mod if is_pkg else mod.rpartition(".")[0]
        for node in _top_level_imports(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            else:
                if node.level:
                    base = package.split(".")
                    base = base[: len(base) - (node.level - 1)]
                    prefix = ".".join(base + ([node.module] if node.module else []))
                else:
                    prefix = node.module or ""
                # `from . import x` imports the submodule x when there is one
                targets = [f"{prefix}.{a.name}" if f"{prefix}.{a.name}" in files else prefix for a in node.names]
            for target in targets:
                while target and target not in files:  # `import translate.a.b` -> nearest module
                    target = target.rpartition(".")[0]
                if target and target != mod:
                    graph[mod].add(target)
    return graph


def cycles(graph: dict[str, set[str]]) -> set[frozenset[str]]:
    """Strongly connected components with more than one module (Tarjan's algorithm, iterative;
    hand-written because it is 25 lines and the test should need no graph library)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    out: set[frozenset[str]] = set()
    counter = 0
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    comp = set()
                    while True:
                        m = stack.pop()
                        on_stack.discard(m)
                        comp.add(m)
                        if m == node:
                            break
                    if len(comp) > 1:
                        out.add(frozenset(comp))
    return out


def test_cycle_finder_finds_a_planted_circle():
    g = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": set()}
    assert cycles(g) == {frozenset("abc")}
    assert cycles({"a": {"b"}, "b": set()}) == set()


def test_graph_sees_module_level_imports_only():
    g = import_graph()
    assert "translate.errors" in g["translate.pipeline"]
    assert "torch" not in " ".join(g["translate.mt.marian"])  # outside the package: not a node
    assert not g["translate"]  # the public API loads lazily (translate/__init__.py)


def test_no_new_import_circle():
    found = cycles(import_graph())
    new = found - KNOWN_CYCLES
    gone = KNOWN_CYCLES - found
    assert not new, f"new import circle(s): {[sorted(c) for c in new]} (issue 13: break it, do not add it)"
    assert not gone, f"circle(s) broken, remove them from KNOWN_CYCLES: {[sorted(c) for c in gone]}"


# Imports of the package's own modules inside functions, today (issue 13 counted 59 with its
# own rules). Most break a circle that a module-level import would make; the count may only
# go down. Raise it only for an import that is lazy on purpose, and say why in the commit.
# 63 -> 68 with the merges of issues 12/15/16: lazy on purpose are corpus_cmd -> corpus_ray
# (Ray only with --ray), corpus -> translate/html (model and page only when asked), cli -> corpus_cmd
# (the command's own imports), translate.aligned_translation -> align (align imports translate's records).
# 68 -> 54: translate/translate.py split into mt_*.py modules whose imports are all at module level.
# 54 -> 51: config reads check codes from check_registry, writers.py imports html and junit at module level.
# 68 -> 22 (issue 13, thin CLI): the command modules import the library at module level
# (cli_common holds the shared error exit, so no command imports cli.py back), compare's
# and align's pipelines moved to compare_inputs.py / pipeline.align_files, atomic writes
# to atomic.py (no circle through report.py); 22 -> 20: pipeline imports importers and waivers
# at module level (no circle: neither imports a stage after it); 20 -> 19: `translate models` errors go
# through cli_common.cli_errors (they were printed a fourth way); 19 -> 14: cache -> forced, corpus ->
# translate and html, guards -> langid, read -> htmltext at module level (none was lazy for a reason:
# langid loads its model on first use, htmltext and forced import nothing heavy, corpus loads the
# pipeline, which loads translate, anyway).
# 14 -> 1 with the package move: the `translate models` command moved out of the catalogue into
# cli/models.py, the catalogue imports mt.ct2 at module level (ct2 loads ctranslate2 only when it
# converts or translates), corpus.on_ray imports corpus.run at module level. The one left is lazy
# on purpose: cli/corpus.py loads the Ray executor only with --ray (Ray is optional).
KNOWN_FUNCTION_LEVEL_OWN_IMPORTS = 1


def function_level_own_imports() -> int:
    """Imports of translate modules inside a function body (not TYPE_CHECKING blocks)."""
    count = 0
    for path in PKG.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        seen: set[int] = set()
        for fn in ast.walk(tree):
            if not isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            for node in ast.walk(fn):
                if id(node) in seen:
                    continue
                seen.add(id(node))
                if isinstance(node, ast.ImportFrom) and (node.level or (node.module or "").startswith("translate")):
                    count += 1
                elif isinstance(node, ast.Import) and any(a.name.startswith("translate") for a in node.names):
                    count += 1
    return count


def test_function_level_own_imports_do_not_grow():
    assert function_level_own_imports() <= KNOWN_FUNCTION_LEVEL_OWN_IMPORTS


# The stage order, lowest first: a package may import from its own level and below, never
# from a stage after it (issue 13: "no imports pointing back up"). pipeline is the one module
# that knows the order; corpus and cli sit on top of it.
STAGE_ORDER = ["version", "errors", "data", "plugins", "runtime", "progress", "atomic", "text", "read", "alignment", "mt",
               "score", "checks", "report", "compare", "pipeline", "corpus", "cli"]


def _stage(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "translate" else None


def test_no_import_points_back_up_the_stage_order():
    rank = {name: i for i, name in enumerate(STAGE_ORDER)}
    found = []
    for path in PKG.rglob("*.py"):
        rel = path.relative_to(PKG.parent).with_suffix("")
        parts = list(rel.parts)
        package = parts[:-1] if parts[-1] != "__init__" else parts[:-1]
        me = _stage(".".join(parts if parts[-1] != "__init__" else parts[:-1]))
        if me is None or me == "schema":
            continue
        assert me in rank, f"{path}: a new top-level module or package; put it in STAGE_ORDER"
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.ImportFrom):
                continue
            if node.level:
                base = package[: len(package) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            other = _stage(target)
            if other in rank and rank[other] > rank[me]:
                found.append(f"{path.relative_to(PKG)}:{node.lineno} {me} -> {target}")
    assert not found, f"imports from a later stage: {found}"
