"""Story grouping on short articles written for the tests."""
from retold.cluster import cluster
from tests.conftest import make_doc

QUAKE_A = ("A magnitude 6.1 earthquake struck near the coastal town of Port Alder on Tuesday, "
           "damaging the harbor and injuring 14 people, the national seismic agency said. "
           "Port Alder mayor Rita Vance said the harbor wall had cracked.")
QUAKE_B = ("Rescue teams searched collapsed buildings in Port Alder after Tuesday's 6.1 earthquake, "
           "which injured 14 people. Mayor Rita Vance said the damaged harbor would stay closed "
           "while engineers inspect the harbor wall.")
BUDGET = ("The state legislature passed a budget on Friday that raises teacher salaries by four "
          "percent and expands rural broadband, ending a month-long standoff over school funding.")


def test_same_event_joins_and_unrelated_stays_apart(annotate):
    docs = [annotate(QUAKE_A, "quake_a"), annotate(BUDGET, "budget"), annotate(QUAKE_B, "quake_b")]
    stories = [[d.id for d in group] for group in cluster(docs)]
    assert stories == [["quake_a", "quake_b"], ["budget"]]


def test_grouping_is_deterministic(annotate):
    docs = [annotate(QUAKE_A, "quake_a"), annotate(BUDGET, "budget"), annotate(QUAKE_B, "quake_b")]
    first = [[d.id for d in g] for g in cluster(docs)]
    assert all([[d.id for d in g] for g in cluster(docs)] == first for _ in range(3))


def test_single_document_is_one_story():
    assert [[d.id for d in g] for g in cluster([make_doc("Only one.", "one")])] == [["one"]]
