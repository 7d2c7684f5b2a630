"""The benchmarks' own logic: the CSDL reader (aliases, Collection(...), BaseType flattening)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

_PATH = Path(__file__).resolve().parent.parent / "benchmarks" / "csdl.py"
_spec = importlib.util.spec_from_file_location("benchmarks_csdl", _PATH)
assert _spec and _spec.loader
csdl = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = csdl  # dataclasses look their module up
_spec.loader.exec_module(csdl)

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
