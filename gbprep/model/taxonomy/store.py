"""NCBI's taxdump (``names.dmp``, ``nodes.dmp``, ``division.dmp``, ``gencode.dmp``) in a local SQLite store.

``load_taxdump`` streams the files into the store in batches, so loading the full dump (2.5 million nodes)
needs little memory; lineages are not precomputed but walked up the parent links at lookup time (a few dozen
indexed reads), which keeps the store small and the load fast.

The ``.dmp`` layout: fields separated by ``\\t|\\t``, each row ending in ``\\t|``. ``nodes.dmp`` columns used:
tax id, parent, rank, division id, genetic code id, mitochondrial code id, GenBank hidden flag and, in newer
dumps, the plastid code id (column 14).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

from gbprep.model.taxonomy.model import Taxon

_BATCH = 20_000
ROOT = 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS nodes (
    taxid INTEGER PRIMARY KEY, parent INTEGER NOT NULL, rank TEXT, division INTEGER,
    gcode INTEGER, mgcode INTEGER, pgcode INTEGER, hidden INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS names (taxid INTEGER NOT NULL, name TEXT NOT NULL, class TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS divisions (id INTEGER PRIMARY KEY, code TEXT NOT NULL, name TEXT);
CREATE TABLE IF NOT EXISTS gencodes (id INTEGER PRIMARY KEY, name TEXT);
"""
_INDEXES = """
CREATE INDEX IF NOT EXISTS names_by_name ON names(name);
CREATE INDEX IF NOT EXISTS names_by_folded ON names(lower(name));
CREATE INDEX IF NOT EXISTS names_by_taxid ON names(taxid, class);
"""


class TaxdumpError(Exception):
    """The taxdump folder lacks a file or a row is not in the ``.dmp`` layout."""


def _rows(path: Path) -> Iterator[list[str]]:
    with path.open(encoding="utf-8", errors="replace") as handle:
        for number, line in enumerate(handle, start=1):
            line = line.rstrip("\n").rstrip("\r")
            if not line:
                continue
            if line.endswith("\t|"):
                line = line[:-2]
            fields = line.split("\t|\t")
            if len(fields) < 2:
                raise TaxdumpError(f"{path.name} line {number} is not a taxdump row")
            yield fields


def _int(text: str) -> int | None:
    text = text.strip()
    return int(text) if text.isdigit() else None


def load_taxdump(
    taxdump: str | Path, store: str | Path, *, progress: Callable[[str, int], None] | None = None
) -> dict[str, int]:
    """Load a taxdump folder into the SQLite store at ``store`` (replacing what it held); returns row counts."""
    folder = Path(taxdump)
    needed = ("names.dmp", "nodes.dmp", "division.dmp")
    missing = [name for name in needed if not (folder / name).is_file()]
    if missing:
        raise TaxdumpError(f"{folder} has no {', '.join(missing)}")
    target = Path(store)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".loading")
    partial.unlink(missing_ok=True)
    counts: dict[str, int] = {}
    connection = sqlite3.connect(partial)
    try:
        connection.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;" + _SCHEMA)
        counts["divisions"] = _load(
            connection,
            "INSERT INTO divisions VALUES (?, ?, ?)",
            (
                (_int(f[0]), f[1].strip(), f[2].strip() if len(f) > 2 else "")
                for f in _rows(folder / "division.dmp")
            ),
        )
        if (folder / "gencode.dmp").is_file():
            counts["gencodes"] = _load(
                connection,
                "INSERT INTO gencodes VALUES (?, ?)",
                ((_int(f[0]), f[2].strip() if len(f) > 2 else "") for f in _rows(folder / "gencode.dmp")),
            )
        counts["nodes"] = _load(
            connection, "INSERT INTO nodes VALUES (?, ?, ?, ?, ?, ?, ?, ?)", _nodes(folder), progress, "nodes"
        )
        counts["names"] = _load(
            connection,
            "INSERT INTO names VALUES (?, ?, ?)",
            (
                (_int(f[0]), f[1].strip(), f[3].strip() if len(f) > 3 else "")
                for f in _rows(folder / "names.dmp")
            ),
            progress,
            "names",
        )
        connection.executescript(_INDEXES)
        connection.commit()
    finally:
        connection.close()
    partial.replace(target)  # a half-loaded store never replaces a good one
    return counts


def _nodes(folder: Path) -> Iterator[tuple[object, ...]]:
    for f in _rows(folder / "nodes.dmp"):
        f += [""] * (14 - len(f))
        yield (
            _int(f[0]),
            _int(f[1]),
            f[2].strip(),
            _int(f[4]),
            _int(f[6]),
            _int(f[8]),
            _int(f[13]),
            _int(f[10]) or 0,
        )


def _load(
    connection: sqlite3.Connection,
    sql: str,
    rows: Iterator[tuple[object, ...]],
    progress: Callable[[str, int], None] | None = None,
    what: str = "",
) -> int:
    total = 0
    batch: list[tuple[object, ...]] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= _BATCH:
            connection.executemany(sql, batch)
            total += len(batch)
            batch.clear()
            if progress is not None:
                progress(what, total)
    if batch:
        connection.executemany(sql, batch)
        total += len(batch)
    return total


class TaxonomyStore:
    """Read access to a loaded store; cheap to open, safe to keep for many lookups in one process."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        if not self.path.is_file():
            raise TaxdumpError(
                f"no taxonomy store at {self.path}; load one with 'python -m validation taxonomy load'"
            )
        self._db = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True)

    def close(self) -> None:
        self._db.close()

    def taxid_of(self, name: str) -> int | None:
        """The tax id a name means: a scientific name first, then any name (synonyms, common names), case-blind."""
        row = self._db.execute(
            "SELECT taxid FROM names WHERE name = ? ORDER BY class != 'scientific name' LIMIT 1", (name,)
        ).fetchone()
        if row is None:
            row = self._db.execute(
                "SELECT taxid FROM names WHERE lower(name) = lower(?) ORDER BY class != 'scientific name' LIMIT 1",
                (name,),
            ).fetchone()
        return int(row[0]) if row else None

    def taxon(self, taxid: int) -> Taxon | None:
        node = self._db.execute(
            "SELECT n.rank, d.code, n.gcode, n.mgcode, n.pgcode FROM nodes n LEFT JOIN divisions d "
            "ON d.id = n.division WHERE n.taxid = ?",
            (taxid,),
        ).fetchone()
        if node is None:
            return None
        rank, division, gcode, mgcode, pgcode = node
        return Taxon(
            taxid=taxid,
            name=self._name(taxid, "scientific name"),
            common=self._name(taxid, "genbank common name") or self._name(taxid, "common name"),
            lineage=self.lineage(taxid),
            division=division or "",
            gcode=gcode,
            mgcode=mgcode,
            pgcode=pgcode,
            rank=rank or "",
            source=str(self.path),
        )

    def lookup(self, name: str) -> Taxon | None:
        taxid = self.taxid_of(name)
        return self.taxon(taxid) if taxid is not None else None

    def _name(self, taxid: int, kind: str) -> str:
        row = self._db.execute(
            "SELECT name FROM names WHERE taxid = ? AND class = ? LIMIT 1", (taxid, kind)
        ).fetchone()
        return str(row[0]) if row else ""

    def lineage(self, taxid: int) -> str:
        """GenBank's lineage: the ancestors from the top down, without the root and without hidden ranks."""
        names: list[str] = []
        seen = {taxid}
        row = self._db.execute("SELECT parent FROM nodes WHERE taxid = ?", (taxid,)).fetchone()
        current = int(row[0]) if row else ROOT
        while current != ROOT and current not in seen:  # 'seen' guards against a damaged dump's cycles
            seen.add(current)
            node = self._db.execute("SELECT parent, hidden FROM nodes WHERE taxid = ?", (current,)).fetchone()
            if node is None:
                break
            if not node[1]:
                names.append(self._name(current, "scientific name"))
            current = int(node[0])
        return "; ".join(reversed(names))
