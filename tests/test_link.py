"""Linking across pages: merged types, resolved references, bases stated on other pages."""

from __future__ import annotations

from docgen.ir.link import link
from docgen.pipeline import parse_bytes


def page(name: str, body: str) -> tuple[str, bytes]:
    return name, body.encode()


BASE = page("outcome.md", """---
doc_type: resourcePageType
---
# outcome resource type

Namespace: microsoft.graph

This is a base class; the derived types are [feedbackOutcome](feedbackoutcome.md) and [pointsOutcome](pointsoutcome.md).

## Properties

|Property|Type|Description|
|:---|:---|:---|
|id|String|Key.|
|owner|[IdentitySet](identityset.md)|Written with another case than its page.|
""")
CHILD = page("feedbackoutcome.md", """---
doc_type: resourcePageType
---
# feedbackOutcome resource type

Namespace: microsoft.graph

## Properties

|Property|Type|Description|
|:---|:---|:---|
|feedback|String|Text.|
""")
IDENTITY = page("identityset.md", """---
doc_type: resourcePageType
---
# identitySet resource type

Namespace: microsoft.graph

## Properties

|Property|Type|Description|
|:---|:---|:---|
|user|String|Who.|
""")
MEDIA = page("mediaquality.md", """---
doc_type: resourcePageType
---
# mediaQuality resource type

Namespace: microsoft.graph

## Properties

|Property|Type|Description|
|:---|:---|:---|
|jitter|Duration|Jitter.|
""")
AUDIO = page("audioquality.md", """---
doc_type: resourcePageType
---
# audioQuality resource type

Namespace: microsoft.graph

**audioQuality** inherits all the properties of the [mediaQuality](mediaquality.md) resource.

## JSON representation

<!-- { "blockType": "resource", "@odata.type": "microsoft.graph.audioQuality" } -->
```json
{
  "jitter": "String (ISO 8601 duration)",
  "channelIndex": 1
}
```
""")


def doc_of(*pages):
    return link([parse_bytes(data, name) for name, data in pages])


def types_of(*pages):
    return {t.name: t for t in doc_of(*pages).types}


def test_derived_types_listed_on_the_base_page_get_their_base():
    types = types_of(BASE, CHILD, IDENTITY)
    assert types["feedbackOutcome"].base == "microsoft.graph.outcome"
    assert types["outcome"].base is None


def test_references_resolve_case_insensitively_to_the_defined_type():
    types = types_of(BASE, IDENTITY)
    (owner,) = [p for p in types["outcome"].properties if p.name == "owner"]
    assert owner.type == "microsoft.graph.identitySet"


def test_unresolved_reference_is_qualified_and_reported():
    doc = doc_of(BASE)
    (owner,) = [p for t in doc.types for p in t.properties if p.name == "owner"]
    assert owner.type == "microsoft.graph.IdentitySet"
    assert [(d.code, d.source.line) for d in doc.diagnostics if d.code == "DG702"] == [("DG702", 15)]


def test_json_representation_fallback_drops_inherited_properties():
    types = types_of(MEDIA, AUDIO)
    audio = types["audioQuality"]
    assert audio.base == "microsoft.graph.mediaQuality"
    assert [(p.name, p.type) for p in audio.properties] == [("channelIndex", "Edm.Int32")]


def test_merge_is_independent_of_page_order():
    from docgen.ir.serialize import dumps

    assert dumps(doc_of(BASE, CHILD, IDENTITY)) == dumps(doc_of(IDENTITY, CHILD, BASE))


def test_link_is_pure() -> None:
    """Linking never changes its inputs: the diff links two sides from one parse, the parse cache
    stores results as the parser made them."""
    import pickle
    from pathlib import Path

    from docgen.ir.link import link as link_results
    from docgen.ir.serialize import dumps
    from docgen.pipeline import parse_pages, read_specs

    root = Path(__file__).resolve().parent
    results = parse_pages(read_specs([root / "fixtures" / "parse", root.parent / "specs"]), jobs=1)
    before = pickle.dumps(results)
    first = dumps(link_results(results))
    assert pickle.dumps(results) == before
    assert dumps(link_results(results)) == first
    link_results(list(reversed(results)))
    assert pickle.dumps(results) == before


def test_relationships_stated_only_by_request_urls_are_inferred():
    from pathlib import Path

    from docgen.pipeline import parse_paths

    folder = Path(__file__).parent / "fixtures" / "inferred"
    doc = parse_paths([str(folder)], jobs=1)
    types = {t.name: t for t in doc.types}
    rels = {(t.name, r.name): (r.type, r.collection, r.origin, r.source.file.rsplit("/", 1)[-1] if r.source else None)
            for t in doc.types for r in t.relationships}
    assert rels == {
        ("deviceManagement", "auditEvents"): ("microsoft.graph.auditEvent", True, "table", "devicemanagement.md"),
        ("deviceManagement", "deviceCompliancePolicies"): ("microsoft.graph.deviceCompliancePolicy", True, "request_url", "devicecompliancepolicy-list.md"),
        ("user", "memberOf"): ("microsoft.graph.directoryObject", True, "request_url", "user-list-memberof.md"),
        # the Methods row of user.md says team collection (the page said group)
        ("user", "joinedTeams"): ("microsoft.graph.team", True, "request_url", "user-list-joinedteams.md"),
        # a $filter on the URL: a collection, though the page says "an onlineMeeting object"
        ("user", "onlineMeetings"): ("microsoft.graph.onlineMeeting", True, "request_url", "onlinemeeting-get.md"),
        # a URL of user's, on a page named after user's subtype guestUser: guestUser's member
        ("guestUser", "sponsorTeam"): ("microsoft.graph.team", False, "request_url", "guestuser-get-sponsorteam.md"),
    }
    # a function written without parentheses is not a navigation property: get..., or a page
    # named <resource>-<segment>.md (devicemanagement-recentalerts.md)
    assert "getEffectivePermissions" not in {r.name for r in types["deviceManagement"].relationships}
    assert "recentAlerts" not in {r.name for r in types["deviceManagement"].relationships}


def test_a_url_pages_disagree_on_gives_no_inference_on_a_tie():
    from pathlib import Path

    from docgen.pipeline import parse_paths

    folder = Path(__file__).parent / "fixtures" / "inferred"
    pages = [str(p) for p in sorted(folder.glob("*.md")) if p.name != "intune-devicemanagement-get.md"]
    doc = parse_paths(pages, jobs=1)
    (dm,) = [t for t in doc.types if t.name == "deviceManagement"]
    assert [r.name for r in dm.relationships] == ["auditEvents"]  # GET /deviceManagement: one page against one


def _user_page(name: str, description: str) -> tuple[str, bytes]:
    return page(name, f"""---
doc_type: resourcePageType
---
# user resource type

Namespace: microsoft.graph

{description}

## Properties

|Property|Type|Description|
|:---|:---|:---|
|id|String|Key.|
""")


def test_a_type_is_described_by_its_own_page_not_another_defining_it() -> None:
    intune = _user_page("intune-devices-user.md", "Not yet documented")
    own = _user_page("user.md", "Represents an Azure AD user account.")
    for order in ([intune, own], [own, intune]):
        doc = link([parse_bytes(data, name) for name, data in order])
        user = next(t for t in doc.types if t.name == "user")
        assert user.description == "Represents an Azure AD user account."
        assert user.source is not None and user.source.file == "user.md"
