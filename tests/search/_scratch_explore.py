import pytest
from intranet.search import backends
from intranet.search.backends import Query
from intranet.search.models import SearchEntry
from intranet.community import permissions
from tests.builders import make_community, make_person, add_member, make_post, make_comment
from tests.library.builders import make_item, make_customer, make_product, pdf_upload

pytestmark = pytest.mark.django_db

def test_explore():
    c = make_community("Sales Community")
    p = make_community("Bid Team", preset="bid_team")
    a = make_person("author1")
    add_member(c, a); add_member(p, a)
    cust = make_customer("Solberga Hospital")
    t1 = make_post(c, a, title="Quartzite tender", body="Nothing here about that.", tags=["alpha"], customers=[cust])
    t2 = make_post(c, a, title="Other thing", body="We talked about quartzite & <b>bold</b> walls.")
    t3 = make_post(c, a, title="Wall quartzite", body="wall stuff quartzite")
    t4 = make_post(p, a, title="Secret plan", body="zyxel secret", tags=["hushtag"])
    item = make_item(p, a, file=pdf_upload("Pdf", ["Unique word plumbago inside"]))
    for e in SearchEntry.objects.all():
        print(e.key, e.kind, repr(e.title), e.community_id, e.year, e.language, e.document_type, e.outcome, list(e.access.values_list("key", flat=True)), list(e.facets.values_list("name","value","label")), repr(e.body[:100]))
    keys = permissions.search_keys(a.user)
    print(keys)
    for q in ["quartzite", '"wall quartzite"', '"quartzite wall"', "quartzite wall", "plumbago", "AND OR NOT", "*", "-", ":", "kind:post", '"unbalanced', "x" * 300, "tender nothing", "bold"]:
        r = backends.search(Query(q, keys))
        print(repr(q[:30]), r.total, [(h.key, str(h.snippet)[:80]) for h in r.hits])
    r = backends.search(Query("", keys))
    print(r.facets)
    print(backends.autocomplete("qua", keys), backends.autocomplete("hus", keys), backends.autocomplete("sol", keys))
