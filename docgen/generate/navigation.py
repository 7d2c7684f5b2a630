"""Request lines -> the tree of paths the client navigates, with Graph's aliases merged.

Each request line (function parameters bound, :func:`docgen.ir.paths.bound_requests`) is a path
of segments from the root; paths Graph treats as one (:mod:`docgen.ir.paths`: ``/me`` and
``/users/{id}``, ``/drive`` and ``/me/drive``, a drive's ``root``, ``root:/{path}:`` and
``items/{id}``) become one :class:`Node`, reachable both ways, so they share one builder class. A
function the docs call both bare and with optional arguments is one node too, and so are literal
segments spelt differently only by case or separators (``calendarGroups``, ``calendargroups``).

:func:`build_tree` returns the root and the nodes grouped by root segment, each node named for its
canonical path; :mod:`.client` makes a builder view-model of each (the tree knows nothing of them).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterator

from ..ir.model import Document, Operation, RequestLine
from ..ir.paths import (
    DOCS_ALIASES,
    DRIVE_ITEMS,
    PREFIX_ALIASES,
    bound_requests,
    call_match,
    function_template,
    is_call_template,
    is_colon_path,
    segment_key,
    split_path,
)

Key = tuple[str, str]  # ("lit", text) | ("param", "") | ("fn", template)
ITEM_PATH = "root:/{item-path}:"  # a drive item by path; the trailing colon lets segments follow


@dataclass(eq=False)
class Node:
    segments: tuple[tuple[str, str], ...]
    children: dict[tuple[str, str], Node] = field(default_factory=dict)
    ops: dict[str, list[tuple[Operation, RequestLine]]] = field(default_factory=dict)
    example_path: str = ""
    aliases: list[str] = field(default_factory=list)  # other paths reaching this node (/me)


def _ensure(root: Node, segments: list[str]) -> Node:
    """The node of a path, created (with its parents) when missing."""
    node = root
    for seg in segments:
        key = segment_key(seg)
        nxt = node.children.get(key)
        if nxt is None:
            nxt = Node(node.segments + (key,))
            nxt.example_path = node.example_path + "/" + seg
            node.children[key] = nxt
        node = nxt
    return node


def _canonical_order(root: Node, alias_edges: set[tuple[Node, tuple[str, str]]]) -> list[tuple[tuple[str, str], list[Node]]]:
    """Every node once, grouped by root segment, each group breadth first; nodes are (re)named for
    the first path reaching them. Alias edges (``/me``, ``drive/root``) are followed only after
    everything else, so a shared node is named for its canonical path (``/users/{id}``)."""
    seen = {root}
    groups: list[tuple[tuple[str, str], list[Node]]] = []

    def visit(parent: Node, key: tuple[str, str], into: list[Node], deferred: list[tuple[Node, tuple[str, str]]]) -> None:
        queue = [(parent, key)]
        while queue:
            p, k = queue.pop(0)
            node = p.children[k]
            if node in seen:
                if (p, k) in alias_edges and p.example_path + "/" + k[1] not in node.aliases:
                    node.aliases.append(p.example_path + "/" + k[1])  # shown in the builder's docstring
                continue
            seen.add(node)
            text = node.example_path.rsplit("/", 1)[-1] if k[0] == "param" else k[1]
            node.segments = p.segments + (k,)
            node.example_path = p.example_path + "/" + text
            into.append(node)
            for ck in sorted(node.children):
                (deferred if (node, ck) in alias_edges else queue).append((node, ck))

    deferred: list[tuple[Node, tuple[str, str]]] = []
    for key in sorted(root.children):
        if (root, key) in alias_edges:
            deferred.append((root, key))
            continue
        nodes: list[Node] = []
        visit(root, key, nodes, deferred)
        groups.append((key, nodes))
    while deferred:  # alias-only nodes (rare: the canonical side always exists after apply)
        parent, key = deferred.pop(0)
        nodes = []
        visit(parent, key, nodes, deferred)
        if nodes:
            groups.append((key, nodes))
    return [(k, n) for k, n in groups if n]


def _find(root: Node, segments: list[str] | tuple[str, ...]) -> Node | None:
    return find_node(root, [segment_key(s) for s in segments])


class _Aliases:
    """Merges the nodes of paths Graph treats as one (:mod:`docgen.ir.paths`): ``/me`` and
    ``/users/{id}`` become the same builder class, reachable both ways."""

    def __init__(self, root: Node) -> None:
        self.root = root
        self.forward: dict[Node, Node] = {}
        self._edges: list[tuple[Node, tuple[str, str]]] = []

    def edges(self) -> set[tuple[Node, tuple[str, str]]]:
        """The (parent, key) edges made by aliases."""
        return {(self.resolve(p), k) for p, k in self._edges}

    def resolve(self, node: Node) -> Node:
        while node in self.forward:
            node = self.forward[node]
        return node

    def merge(self, dst: Node, src: Node) -> Node:
        dst, src = self.resolve(dst), self.resolve(src)
        if dst is src:
            return dst
        self.forward[src] = dst
        for verb in sorted(src.ops):
            have = dst.ops.setdefault(verb, [])
            have.extend(p for p in src.ops[verb] if not any(p[0] is q[0] and p[1] is q[1] for q in have))
        for key in sorted(src.children):
            mine = dst.children.get(key)
            dst.children[key] = self.resolve(src.children[key]) if mine is None else self.merge(mine, src.children[key])
        return dst

    def link(self, parent: Node, segments: list[str], target: Node) -> None:
        """Make ``segments`` below ``parent`` lead to ``target`` (merging what is there)."""
        *head, last = segments
        at = self.resolve(_ensure(parent, head))
        key = segment_key(last)
        self._edges.append((at, key))
        have = at.children.get(key)
        at.children[key] = target if have is None else self.merge(target, have)

    def apply(self) -> None:
        offered = [(a, c, True) for a, c in PREFIX_ALIASES] + [(a, c, False) for a, c in DOCS_ALIASES]
        for alias, canonical, offer in offered:
            if _find(self.root, alias) is None and (not offer or _find(self.root, canonical) is None):
                continue
            self.link(self.root, list(alias), self.resolve(_ensure(self.root, list(canonical))))
            self._rewire()
        for drive in self._drives():
            has = _find(drive, ["root"]) is not None or _find(drive, DRIVE_ITEMS) is not None
            colon = [k for k in sorted(drive.children) if k[0] == "fn" and k[1].lower().startswith("root:") and is_colon_path(k[1])]
            if not has and not colon:
                continue
            item = self.resolve(_ensure(drive, list(DRIVE_ITEMS)))
            self.link(drive, ["root"], item)
            for key in colon:  # every spelling (root:/{path}, root:/{item-path}:) is one item_path(p)
                self.merge(item, drive.children.pop(key))
            self.link(drive, [ITEM_PATH], item)
            self._rewire()
        self._calls()
        self._fold_spellings()

    def _calls(self) -> None:
        """A function the docs call both bare (``delta``) and with optional arguments
        (``delta(token='{token?}')``) is one builder: the call, which sends the bare name when no
        argument is given."""
        for node, _, _ in _walk(self.root):
            calls = [k for k in sorted(node.children) if k[0] == "fn" and is_call_template(k[1])]
            for key in sorted(node.children):
                if key[0] != "lit":
                    continue
                for ck in calls:
                    if ck in node.children and call_match(ck[1], key[1]) == {}:
                        node.children[ck] = self.merge(node.children[ck], node.children.pop(key))
                        break
        self._rewire()

    def _fold_spellings(self) -> None:
        """Literal segments that differ only by case or separators (``calendarGroups`` and
        ``calendargroups``, ``oauth2PermissionGrants`` and ``oAuth2PermissionGrants``: Graph reads
        paths case-insensitively) are one node, spelt in camelCase when a spelling is, else as most
        request lines below it spell it."""
        for node, _, _ in _walk(self.root):
            by_fold: dict[str, list[Key]] = {}
            for key in sorted(node.children):
                if key[0] == "lit":
                    by_fold.setdefault(_fold(key[1]), []).append(key)
            for keys in by_fold.values():
                if len(keys) < 2:
                    continue
                best = min(keys, key=lambda k: (k[1].islower(), -_lines(node.children[k]), k[1]))
                for key in keys:
                    if key != best and key in node.children:
                        node.children[best] = self.merge(node.children[best], node.children.pop(key))
        self._rewire()

    def _drives(self) -> list[Node]:
        """Nodes of drives (``.../drive`` and ``drives/{id}``), each once, in a stable order."""
        return [
            node
            for node, key, parent_key in _walk(self.root)
            if (key is not None and key[0] == "lit" and key[1].lower() == "drive")
            or (key == ("param", "") and parent_key == ("lit", "drives"))
        ]

    def _rewire(self) -> None:
        """Point every edge at the surviving node of a merge."""
        for node, _, _ in _walk(self.root):
            for k in sorted(node.children):
                node.children[k] = self.resolve(node.children[k])



def _fold(text: str) -> str:
    return "".join(ch for ch in text.casefold() if ch not in "_-")


def _lines(node: Node) -> int:
    """Request lines at and below ``node`` (each node once)."""
    return sum(len(pairs) for n, _, _ in _walk(node) for pairs in n.ops.values())


def _walk(root: Node) -> Iterator[tuple[Node, Key | None, Key | None]]:
    """Every node once, depth first in key order: ``(node, key reaching it, key reaching its
    parent)``. Children are read after the caller has seen the node, so it may change them."""
    seen: set[Node] = set()
    stack: list[tuple[Node, Key | None, Key | None]] = [(root, None, None)]
    while stack:
        node, key, parent_key = stack.pop()
        if node in seen:
            continue
        seen.add(node)
        yield node, key, parent_key
        stack.extend((node.children[k], k, key) for k in sorted(node.children, reverse=True))


def find_node(root: Node, segments: list[tuple[str, str]]) -> Node | None:
    node = root
    for key in segments:
        node = node.children.get(key)  # type: ignore[assignment]
        if node is None:
            return None
    return node


def build_tree(doc: Document) -> tuple[Node, list[tuple[Key, list[Node]]]]:
    """The root, and every node once grouped by root segment (:func:`_canonical_order`)."""
    root = Node(())
    for op in sorted(doc.operations, key=lambda o: o.id):
        for line in bound_requests(op):
            node = _ensure(root, [function_template(seg) for seg in split_path(line.path)])
            node.ops.setdefault(line.method.upper(), []).append((op, line))
    aliases = _Aliases(root)
    aliases.apply()
    return root, _canonical_order(root, aliases.edges())
