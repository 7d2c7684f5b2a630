"""The benchmarks' own logic: the CSDL reader (aliases, Collection(...), BaseType flattening)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"


def load_benchmark(name: str):  # type: ignore[no-untyped-def]
    """A benchmarks/<name>.py script as a module (registered: dataclasses look their module up)."""
    spec = importlib.util.spec_from_file_location(f"benchmarks_{name}", BENCHMARKS / f"{name}.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod
    spec.loader.exec_module(mod)
    return mod


csdl = load_benchmark("csdl")

CSDL = """<?xml version="1.0" encoding="utf-8"?>
<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx">
  <edmx:DataServices>
    <Schema Alias="graph" Namespace="microsoft.graph" xmlns="http://docs.oasis-open.org/odata/ns/edm">
      <EnumType Name="color">
        <Member Name="red" Value="0" />
        <Member Name="blue" Value="1" />
      </EnumType>
      <EntityType Name="entity" Abstract="true">
        <Key><PropertyRef Name="id" /></Key>
        <Property Name="id" Type="Edm.String" Nullable="false" />
      </EntityType>
      <EntityType Name="directoryObject" BaseType="graph.entity" OpenType="true">
        <Property Name="deletedDateTime" Type="Edm.DateTimeOffset" />
      </EntityType>
      <EntityType Name="user" BaseType="graph.directoryObject">
        <Property Name="businessPhones" Type="Collection(Edm.String)" Nullable="false" />
        <Property Name="favourite" Type="graph.color" />
        <Property Name="deletedDateTime" Type="Edm.String" />
        <NavigationProperty Name="manager" Type="graph.directoryObject" />
        <NavigationProperty Name="calls" Type="Collection(microsoft.graph.callRecords.callRecord)" />
      </EntityType>
      <ComplexType Name="address">
        <Property Name="city" Type="Edm.String" />
      </ComplexType>
    </Schema>
    <Schema Namespace="microsoft.graph.callRecords" xmlns="http://docs.oasis-open.org/odata/ns/edm">
      <EntityType Name="callRecord" BaseType="graph.entity">
        <Property Name="sessions" Type="Collection(graph.address)" />
      </EntityType>
    </Schema>
  </edmx:DataServices>
</edmx:Edmx>
"""


def test_reads_kinds_namespaces_and_aliases() -> None:
    types = csdl.read(CSDL)
    assert {q: t.kind for q, t in types.items()} == {
        "microsoft.graph.color": "enum",
        "microsoft.graph.entity": "entity",
        "microsoft.graph.directoryObject": "entity",
        "microsoft.graph.user": "entity",
        "microsoft.graph.address": "complex",
        "microsoft.graph.callRecords.callRecord": "entity",
    }
    assert types["microsoft.graph.user"].base == "microsoft.graph.directoryObject"
    assert types["microsoft.graph.callRecords.callRecord"].base == "microsoft.graph.entity"
    assert types["microsoft.graph.color"].members == ["red", "blue"]
    assert types["microsoft.graph.entity"].abstract and types["microsoft.graph.directoryObject"].open_type


def test_collection_parsing() -> None:
    types = csdl.read(CSDL)
    user = types["microsoft.graph.user"]
    assert ("businessPhones", "Edm.String", True) in user.properties
    assert ("favourite", "microsoft.graph.color", False) in user.properties
    assert user.navigation == [
        ("manager", "microsoft.graph.directoryObject", False),
        ("calls", "microsoft.graph.callRecords.callRecord", True),
    ]
    assert types["microsoft.graph.callRecords.callRecord"].properties == [("sessions", "microsoft.graph.address", True)]
    assert csdl.split_type("Collection( Edm.Int32 )") == ("Edm.Int32", True)


def test_inheritance_flattening() -> None:
    types = csdl.read(CSDL)
    props, navs = csdl.flatten(types, "microsoft.graph.user")
    names = [p[0] for p in props]
    assert sorted(names) == ["businessPhones", "deletedDateTime", "favourite", "id"]
    # the derived type's own declaration wins over the base's
    assert ("deletedDateTime", "Edm.String", False) in props
    assert [n[0] for n in navs] == ["manager", "calls"]
    assert [p[0] for p in csdl.flatten(types, "microsoft.graph.callRecords.callRecord")[0]] == ["sessions", "id"]
    assert csdl.flatten(types, "microsoft.graph.address") == ([("city", "Edm.String", False)], [])
    assert [t.name for t in csdl.chain(types, "microsoft.graph.user")] == ["user", "directoryObject", "entity"]


def test_flatten_survives_cycles_and_unknown_bases() -> None:
    xml = """<Edmx xmlns="http://docs.oasis-open.org/odata/ns/edm"><Schema Namespace="n">
      <ComplexType Name="a" BaseType="n.b"><Property Name="x" Type="Edm.String"/></ComplexType>
      <ComplexType Name="b" BaseType="n.a"><Property Name="y" Type="Edm.String"/></ComplexType>
      <ComplexType Name="c" BaseType="n.missing"><Property Name="z" Type="Edm.String"/></ComplexType>
    </Schema></Edmx>"""
    types = csdl.read(xml)
    assert sorted(p[0] for p in csdl.flatten(types, "n.a")[0]) == ["x", "y"]
    assert [p[0] for p in csdl.flatten(types, "n.c")[0]] == ["z"]


def _accuracy():  # type: ignore[no-untyped-def]
    return load_benchmark("accuracy")


def test_accuracy_flattens_the_ir_through_base(tmp_path) -> None:
    from docgen.ir.model import Document, Property, Source, Type

    accuracy = _accuracy()
    (tmp_path / "docs").mkdir()
    meta = csdl.read(CSDL)
    src = Source("docs/resources/user.md", 1)
    doc = Document(types=[
        Type("entity", "microsoft.graph", "entity", source=src),
        Type("directoryObject", "microsoft.graph", "entity", base="microsoft.graph.entity", source=src),
        Type("user", "microsoft.graph", "entity", base="microsoft.graph.directoryObject", source=src,
             properties=[Property("businessPhones", "Edm.String", True), Property("favourite", "Edm.Int32"),
                         Property("nickname", "Edm.String")],
             relationships=[Property("manager", "microsoft.graph.directoryObject")]),
        Type("color", "microsoft.graph", "enum", source=src),
    ])
    fig, det = accuracy.compare(doc, meta, tmp_path)
    assert fig["types"]["present"] == 3  # entity, directoryObject, user; address and callRecord are missing
    assert det["missing_types"] == ["microsoft.graph.address", "microsoft.graph.callRecords.callRecord"]
    # metadata, flattened: entity {id}, directoryObject {id, deletedDateTime}, user {4}: 7 in all
    # IR, flattened: user {businessPhones, favourite, nickname}: 3
    p = fig["properties"]
    assert (p["metadata_properties"], p["ir_properties"], p["matched"]) == (7, 3, 2)
    assert det["per_type"]["microsoft.graph.user"]["extra_properties"] == ["nickname"]
    # a missing property is attributed to the type that declares it, not to every type inheriting it
    assert det["per_type"]["microsoft.graph.entity"]["missing_properties"] == ["id"]
    assert det["per_type"]["microsoft.graph.directoryObject"]["missing_properties"] == ["deletedDateTime"]
    assert det["per_type"]["microsoft.graph.user"]["missing_properties"] == ["deletedDateTime"]  # user re-declares it
    assert sorted(det["per_type"]["microsoft.graph.user"]["flat_missing_properties"]) == ["deletedDateTime", "id"]
    assert (fig["relationships"]["matched"], fig["relationships"]["metadata_navigation"]) == (1, 2)
    # businessPhones agrees (Edm.String, collection); favourite is Int32 in the IR, the color enum in the metadata
    assert fig["property_types"]["agree"] == 1 and fig["property_types"]["matched_properties"] == 2
    assert [r["property"] for r in det["type_disagreements"]] == ["favourite"]
    # the IR side is flattened too: an id on the IR's entity reaches directoryObject and user
    doc.types[0].properties.append(Property("id", "Edm.String"))
    fig, det = accuracy.compare(doc, meta, tmp_path)
    assert (fig["properties"]["ir_properties"], fig["properties"]["matched"]) == (6, 5)
    assert det["per_type"]["microsoft.graph.user"]["flat_missing_properties"] == ["deletedDateTime"]


def test_accuracy_reports_precision_without_the_ir13_additions(tmp_path) -> None:
    """JSON-only members beside a table and URL-inferred relationships count in the precision, and
    are left out of the "read from tables" precision; a type known only from its JSON
    representation (no table) stays in both."""
    from docgen.ir.model import Document, Property, Source, Type

    accuracy = _accuracy()
    (tmp_path / "docs").mkdir()
    meta = csdl.read(CSDL)
    src = Source("docs/resources/user.md", 1)
    doc = Document(types=[
        Type("entity", "microsoft.graph", "entity", source=src, properties=[Property("id", "Edm.String", origin="json_representation")]),
        Type("user", "microsoft.graph", "entity", base="microsoft.graph.entity", source=src,
             properties=[Property("businessPhones", "Edm.String", True), Property("nickname", "Edm.String", origin="json_representation")],
             relationships=[Property("manager", "microsoft.graph.directoryObject"),
                            Property("buddies", "microsoft.graph.user", True, origin="request_url")]),
    ])
    fig, _ = accuracy.compare(doc, meta, tmp_path)
    p, r = fig["properties"], fig["relationships"]
    # all members: user {id (from entity's JSON-only page), businessPhones, nickname} + entity {id}
    assert (p["matched"], p["ir_properties"]) == (3, 4)
    # nickname is JSON-only beside a table: out; entity's id is its page's whole JSON: in
    assert (p["matched_tables_only"], p["ir_properties_tables_only"]) == (3, 3)
    assert (r["matched"], r["ir_relationships"]) == (1, 2)
    assert (r["matched_tables_only"], r["ir_relationships_tables_only"]) == (1, 1)


history = load_benchmark("diff_history")


def test_csdl_changes_between_two_metadata_files() -> None:
    old = csdl.read(CSDL)
    new_text = (CSDL.replace('<Member Name="blue" Value="1" />', '<Member Name="blue" Value="1" />\n<Member Name="green" Value="2" />')
                .replace('<Property Name="deletedDateTime" Type="Edm.DateTimeOffset" />', '<Property Name="deletedDateTime" Type="Edm.String" />'))
    changes = history.csdl_changes(old, csdl.read(new_text))
    assert ("member-added", "microsoft.graph.color", "green", "") in changes
    assert ("property-type-changed", "microsoft.graph.directoryobject", "deleteddatetime", "Edm.DateTimeOffset -> Edm.String") in changes
    assert history.csdl_changes(old, old) == []


def test_precision_sample_is_stable_when_findings_come_and_go() -> None:
    from docgen.diff.findings import Finding

    fs = [Finding("operation-removed" if i % 2 else "operation-added", f"GET /x{i}", "", "m") for i in range(200)]
    first = {f.fingerprint for f in history.sample(fs, 1, 10, 10)}
    assert len(first) == 20
    # dropping findings outside the sample leaves the sample as it was
    rest = [f for f in fs if f.fingerprint in first] + [f for f in fs if f.fingerprint not in first][:50]
    assert {f.fingerprint for f in history.sample(rest, 1, 10, 10)} == first
    assert {f.fingerprint for f in history.sample(fs, 2, 10, 10)} != first


def test_sdk_benchmark_reads_the_seeds(tmp_path, monkeypatch) -> None:
    """benchmarks/sdk.py's IR and client pass runs (it once broke silently on a pipeline rename):
    the seeds' Create user is a POST /users typed by its page, so one method is checked, none
    contradicts its page and none stays Any."""
    mod = load_benchmark("sdk")
    monkeypatch.chdir(tmp_path)  # view_figures changes directory; monkeypatch restores it
    specs = Path(__file__).resolve().parent.parent / "specs"
    fig = mod.view_figures(specs, tmp_path)
    assert fig["methods_checked"] >= 1
    assert fig["unsupported"] == [] and fig["untyped_where_a_page_types"] == []


def test_plaintext_benchmark_compares_a_page_with_its_rendering(tmp_path) -> None:
    """benchmarks/plaintext.py on one twin page: its plain-text rendering gives the same facts; a
    page whose sub-heading labels would be lost counts as differing, by permissions."""
    mod = load_benchmark("plaintext")
    twins = Path(__file__).resolve().parent / "fixtures" / "twins"
    (tmp_path / "docs" / "api").mkdir(parents=True)
    (tmp_path / "docs" / "api" / "get-sprocket-setting.md").write_bytes((twins / "get-sprocket-setting.md").read_bytes())
    assert mod.compare(tmp_path / "docs")[:2] == (1, 1)
    # a label of 7 words is no heading in plain text: the contexts differ
    text = (twins / "get-sprocket-setting.md").read_text(encoding="utf-8").replace(
        "### For gadgets:", "### For gadgets and for all of them")
    (tmp_path / "docs" / "api" / "get-sprocket-setting.md").write_text(text, encoding="utf-8")
    same, total, differs, where = mod.compare(tmp_path / "docs")
    assert (same, total, dict(differs)) == (0, 1, {"permissions": 1})
