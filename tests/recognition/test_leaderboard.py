"""Leaderboards per person, division, location and community, this month and all time; the
/recognition/ page, and its query count."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape

from intranet.community import discussion
from intranet.people.models import User
from intranet.recognition import services
from intranet.recognition.rules import RULES
from tests.builders import make_comment, make_post
from tests.leads.builders import make_lead, seller
from tests.library.builders import make_item, reuse

from .helpers import accept, answer, give, last_month, question

URL = "/recognition/"


def _board(viewer, board, period="month"):
    """[(team, points, people)] with teams named."""
    rows = services.leaderboard(getattr(viewer, "user", viewer), board, period)
    return [(_name(row["team"]), row["points"], row["people"]) for row in rows]


def _name(team):
    return getattr(team, "username", None) or getattr(team, "name", None) or team.title


def test_every_board_is_empty_without_awards(w):
    for board in services.BOARDS:
        for period in services.PERIODS:
            assert services.leaderboard(w.giver.user, board, period) == []


def test_the_people_board_from_real_outcomes(w):
    make_lead(w.giver, w.receiver, status="won")
    post = question(w.support, w.asker)
    accept(answer(post, w.expert))
    reuse(make_item(w.support, w.other, file="docx"), w.asker)

    assert _board(w.asker, "people") == [
        ("giver", 35, 1),
        ("expert", 15, 1),
        ("receiver", 10, 1),
        ("other", 5, 1),
    ]


def test_people_are_ordered_by_points_and_limited(w):
    give(w.other, "lead_won", points=7)
    give(w.giver, "lead_won", points=3)
    give(w.giver, "lead_won", points=3)
    give(w.expert, "lead_won", points=9)

    assert _board(w.giver, "people") == [("expert", 9, 1), ("other", 7, 1), ("giver", 6, 1)]
    rows = services.leaderboard(w.giver.user, "people", "month", limit=2)
    assert [row["team"].username for row in rows] == ["expert", "other"]


def test_month_and_all_time(w):
    give(w.giver, "lead_won", at=last_month())
    give(w.giver, "lead_accepted", at=last_month())
    give(w.expert, "answer_accepted")

    assert _board(w.giver, "people", "month") == [("expert", 15, 1)]
    assert _board(w.giver, "people", "all") == [("giver", 35, 1), ("expert", 15, 1)]
    assert _board(w.giver, "divisions", "month") == [("Technical", 15, 1)]
    assert _board(w.giver, "divisions", "all") == [("Facility", 35, 1), ("Technical", 15, 1)]


def test_inactive_people_are_left_out_of_every_board(w):
    give(w.giver, "lead_won", community=w.support)
    give(w.other, "lead_accepted", community=w.support)
    User.objects.filter(pk=w.giver.user.pk).update(is_active=False)

    assert _board(w.other, "people") == [("other", 10, 1)]
    assert _board(w.other, "divisions") == [("Facility", 10, 1)]
    assert _board(w.other, "locations") == [("Malmö", 10, 1)]
    assert _board(w.other, "communities") == [("Field Support", 10, 1)]


def test_divisions_and_locations_add_up_their_people(w):
    give(w.giver, "lead_won")  # Facility, Gothenburg
    give(w.giver, "lead_accepted")
    give(w.other, "answer_accepted")  # Facility, Malmö
    give(w.receiver, "best_comment")  # Secure, Malmö
    give(w.expert, "lead_accepted")  # Technical, Gothenburg
    give(w.asker, "path_completed", points=500)  # no division, no location

    assert _board(w.giver, "divisions") == [
        ("Facility", 25 + 10 + 15, 2),
        ("Secure", 20, 1),
        ("Technical", 10, 1),
    ]
    assert _board(w.giver, "locations") == [("Gothenburg", 45, 2), ("Malmö", 35, 2)]
    assert _board(w.giver, "people")[0] == ("asker", 500, 1)


def test_a_team_of_many_can_beat_one_star(w):
    give(w.expert, "lead_won", points=30)  # Technical
    for name in ("a", "b", "c"):
        give(seller(f"tech-{name}", "Secure", "Lyon"), "lead_accepted", points=11)

    assert _board(w.giver, "divisions") == [("Secure", 33, 3), ("Technical", 30, 1)]
    assert _board(w.giver, "locations") == [("Lyon", 33, 3), ("Gothenburg", 30, 1)]


def test_the_communities_board_counts_where_points_were_earned(w):
    make_lead(w.giver, w.receiver, status="won")  # earned in the sales community
    post = question(w.support, w.asker)
    accept(answer(post, w.expert))
    accept(answer(question(w.support, w.other), w.asker))
    give(w.other, "path_completed", community=None)  # a site-wide path: no community

    assert _board(w.giver, "communities") == [("Sales", 45, 2), ("Field Support", 30, 2)]


def test_a_secret_community_is_never_listed_to_a_non_member(w):
    secret_post = make_post(w.secret, w.expert, title="Falcon offer")
    discussion.pick_best(make_comment(secret_post, w.expert, "Mine."), w.expert.user)
    give(w.other, "answer_accepted", community=w.support)

    for outsider in (w.giver, w.other, w.asker):
        for period in services.PERIODS:
            assert _board(outsider, "communities", period) == [("Field Support", 15, 1)]
    assert _board(w.expert, "communities") == [("Project Falcon", 20, 1), ("Field Support", 15, 1)]


def test_the_page_hides_a_secret_community_from_a_non_member(w, client):
    give(w.expert, "best_comment", community=w.secret)

    client.force_login(w.giver.user)
    assert "Project Falcon" not in client.get(URL).content.decode()
    client.force_login(w.expert.user)
    assert "Project Falcon" in client.get(URL).content.decode()


# The page


def test_the_page_shows_the_four_boards_and_the_rules(w, client):
    give(w.giver, "lead_won", community=w.sales)
    client.force_login(w.other.user)

    response = client.get(URL)

    assert response.status_code == 200
    html = response.content.decode()
    for heading in ("People", "Divisions", "Locations", "Communities"):
        assert f'">{heading}</h2>' in html
    for rule in RULES:
        assert f"<tr><td>{escape(rule.label)}</td><td>{rule.points}</td></tr>" in html
    assert "Giver Tester" in html and "Facility" in html and "Gothenburg" in html
    assert "25 points" in html
    assert [key for key, _label, _rows in response.context["boards"]] == list(services.BOARDS)


def test_the_page_all_time(w, client):
    give(w.giver, "lead_won", at=last_month())
    client.force_login(w.other.user)

    month = client.get(URL)
    every = client.get(URL, {"period": "all"})

    assert month.status_code == every.status_code == 200
    assert "Giver Tester" not in month.content.decode()
    assert "Giver Tester" in every.content.decode()
    assert every.context["period"] == "all"


@pytest.mark.parametrize("period", ["bogus", "year", "ALL"])
def test_an_unknown_period_is_a_bad_request(w, client, period):
    client.force_login(w.other.user)

    assert client.get(URL, {"period": period}).status_code == 400


def test_the_page_needs_a_login(w, client):
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def _page_queries(client):
    client.get(URL)  # warm the per-process caches (site root paths, content types)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL).status_code == 200
    return len(queries)


def test_the_page_queries_do_not_grow_with_awards(w, client, django_assert_num_queries):
    client.force_login(w.expert.user)
    give(w.giver, "lead_won", community=w.sales)
    few = _page_queries(client)

    people = [w.giver, w.receiver, w.expert, w.other, w.asker, w.sponsor]
    people += [seller(f"many-{n}", f"Division {n}", f"City {n}") for n in range(8)]
    for n, person in enumerate(people):
        for community in (w.sales, w.support, w.secret, None):
            give(person, "answer_accepted", points=n + 1, community=community)
            give(person, "lead_won", points=1, community=community, at=last_month())

    client.get(URL)
    with django_assert_num_queries(few):
        response = client.get(URL)
    html = response.content.decode()
    assert "Project Falcon" in html and "Division 7" in html and "City 7" in html
    with django_assert_num_queries(few):
        client.get(URL, {"period": "all"})
