"""The shape of our imports, from the code's own ``import`` statements: cycles and imports that run upward.

usage: python scripts/import_graph.py [--quiet]

Two orders are checked, each bottom to top; a module may import from its own layer and from below, never from
above. Engine layers in one row (``gff``, ``rules``, ``discrepancy``) are siblings. The apps' order is the one
README's architecture section gives. Type-checking imports count too: a name used only in an annotation is
still a dependency a reader has to follow.

Prints every import cycle (strongly connected set of modules) and every upward import, then a one-line summary;
exits 1 when there is either, so CI can run it. Tests, migrations and the virtualenv are not read.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SKIP = {".venv", "tests", "migrations", "node_modules", "var", "static", "test-artifacts", "bench", "scripts"}

# Bottom to top. A row may hold several siblings.
ENGINE_LAYERS: list[list[str]] = [
    ["gbprep.model"],
    ["gbprep.readers"],
    ["gbprep.gff", "gbprep.rules", "gbprep.discrepancy"],
    ["gbprep.assemble"],
    ["gbprep.writers"],
    ["gbprep.job"],
    ["gbprep.cli"],
]
APP_LAYERS: list[list[str]] = [
    ["gbprep"],
    [
        "portal.errors",
        "portal.text",
        "portal.throttles",
        "portal.apis",
        "portal.pagination",
        "portal.permissions",
    ],
    ["accounts"],
    ["bioprojects"],
    ["submissions"],
    ["uploads", "validation"],
    ["accessions"],
    ["curation"],
    ["records"],
    ["portal"],
]


def modules(root: Path) -> dict[str, Path]:
    found: dict[str, Path] = {}
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(root)
        if any(part in SKIP or part.startswith(".") for part in rel.parts[:-1]):
            continue
        name = ".".join(rel.with_suffix("").parts)
        found[name.removesuffix(".__init__")] = path
    return found


def imports_of(name: str, path: Path, known: dict[str, Path]) -> Iterator[str]:
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    for node in ast.walk(tree):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join([*parts, *([node.module] if node.module else [])])
            # `from pkg import sub` depends on pkg.sub when sub is a module, else on pkg.
            targets = [f"{base}.{alias.name}" for alias in node.names] or [base]
            targets = [t if _resolve(t, known) != _resolve(base, known) else base for t in targets]
        for target in targets:
            resolved = _resolve(target, known)
            if resolved and resolved != name:
                yield resolved


def _resolve(name: str, known: dict[str, Path]) -> str | None:
    while name and name not in known:
        name = name.rpartition(".")[0]
    return name or None


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's strongly connected components of more than one module (iterative: no recursion limit)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for start in graph:
        if start in index:
            continue
        work: list[tuple[str, Iterator[str]]] = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def layer_of(name: str, layers: list[list[str]]) -> int | None:
    best: tuple[int, int] | None = None  # (prefix length, layer): the most specific prefix wins
    for level, row in enumerate(layers):
        for prefix in row:
            if (name == prefix or name.startswith(prefix + ".")) and (best is None or len(prefix) > best[0]):
                best = (len(prefix), level)
    return None if best is None else best[1]


def upward(graph: dict[str, set[str]], layers: list[list[str]], scope: str | None) -> list[tuple[str, str]]:
    found = []
    for source, targets in sorted(graph.items()):
        if scope and not source.startswith(scope):
            continue
        here = layer_of(source, layers)
        for target in sorted(targets):
            there = layer_of(target, layers)
            if here is not None and there is not None and there > here:
                found.append((source, target))
    return found


def main(argv: list[str]) -> int:
    quiet = "--quiet" in argv
    known = modules(ROOT)
    graph = {name: set(imports_of(name, path, known)) for name, path in known.items()}
    found_cycles = cycles(graph)
    engine_up = upward(graph, ENGINE_LAYERS, "gbprep")
    # For the apps' order, a module counts as its top-level package (gbprep is one block at the bottom).
    apps_up = [(s, t) for s, t in upward(graph, APP_LAYERS, None) if not s.startswith("gbprep")]
    for component in found_cycles:
        print(f"cycle ({len(component)} modules): {' -> '.join(component)}")
    if not quiet or engine_up or apps_up:
        for source, target in engine_up + apps_up:
            print(f"upward import: {source} -> {target}")
    print(
        f"{len(known)} modules; cycles {len(found_cycles)}; upward imports: engine {len(engine_up)}, "
        f"apps {len(apps_up)}"
    )
    return 1 if found_cycles or engine_up or apps_up else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
