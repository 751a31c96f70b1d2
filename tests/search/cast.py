"""The people and communities most search tests start from."""

from tests.builders import add_member, make_community, make_person


def cast():
    """An open community and a private bid desk. Astrid writes in both, Bertil belongs to the
    bid desk only, Cecilia to neither: (open, private, author, member, stranger)."""
    open_ = make_community("Facility Sales")
    private = make_community("Bid Desk", preset="bid_team")
    author = make_person("astrid", first_name="Astrid", last_name="Lind")
    member = make_person("bertil", first_name="Bertil", last_name="Berg")
    stranger = make_person("cecilia", first_name="Cecilia", last_name="Ek")
    for community in (open_, private):
        add_member(community, author)
    add_member(private, member)
    return open_, private, author, member, stranger
