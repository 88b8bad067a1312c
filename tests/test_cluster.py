"""Story grouping on short articles written for the tests."""
import pytest

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


# Two title defences by one champion against two opponents: the same vocabulary, the
# same champion, trainer and belt, and two events.
DEFENCES = {
    "okafor_1": "Mara Kessel retained her WBC lightweight title by stopping Dina Okafor in the eighth "
                "round in Hamburg on Saturday. Kessel, unbeaten in 24 fights, dropped Okafor twice "
                "before the referee waved it off. Okafor said she would ask for a rematch.",
    "okafor_2": "Dina Okafor was no match for Mara Kessel, who kept the WBC lightweight belt with an "
                "eighth-round stoppage in Hamburg. Trainer Bruno Hale said Kessel had studied "
                "Okafor's southpaw stance for months. Okafor, 29, lost for the second time.",
    "okafor_3": "Champion Mara Kessel knocked down Dina Okafor twice and won in the eighth round on "
                "Saturday night in Hamburg, keeping her WBC lightweight crown. \"Okafor hits hard,\" "
                "Kessel said. Okafor's promoter wants a rematch with Kessel next year.",
    "okafor_4": "Kessel stops Okafor. Mara Kessel defended her lightweight title against Dina Okafor in "
                "Hamburg, ending the bout in the eighth round. Okafor had not been stopped before. "
                "Kessel's trainer Bruno Hale praised her body punching.",
    "varga_1": "Mara Kessel retained her WBC lightweight title by stopping Lupe Varga in the fifth round "
               "in Zurich on Saturday. Kessel, unbeaten in 27 fights, dropped Varga with a left hook "
               "before the referee stepped in. Varga said her corner had wanted to stop earlier.",
    "varga_2": "Lupe Varga could not survive Mara Kessel's pressure, and Kessel kept the WBC lightweight "
               "belt with a fifth-round stoppage in Zurich. Trainer Bruno Hale said Kessel had prepared "
               "for Varga's reach. Varga, 33, may now retire.",
    "varga_3": "Champion Mara Kessel floored Lupe Varga and won in the fifth round on Saturday night in "
               "Zurich, keeping her WBC lightweight crown. \"Varga was brave,\" Kessel said. Varga's "
               "manager said Varga would take time to decide on her future.",
    "varga_4": "Kessel stops Varga. Mara Kessel defended her lightweight title against Lupe Varga in "
               "Zurich, ending the bout in the fifth round. Varga had never been knocked down before. "
               "Kessel's trainer Bruno Hale praised her left hook.",
}


def place_all(store, docs, threshold=None):
    from retold.cluster import INCREMENTAL_THRESHOLD
    from retold.cluster import Engine

    with store.transaction():
        for doc in docs:
            Engine(store, threshold or INCREMENTAL_THRESHOLD).place(doc)
    groups: dict[str, list[str]] = {}
    for doc_id, story in store.story_documents():
        groups.setdefault(story, []).append(doc_id)
    return sorted(sorted(g) for g in groups.values())


def put_in_story(store, story_id, docs):
    """Store documents in a story of our choosing, as Engine.place would store them."""
    from retold.cluster import features, lsh_keys, salient_terms

    store.create_story(story_id)
    for doc in docs:
        feats = features(doc)
        terms = list(feats.words) + ["#" + t for t in feats.names]
        keys = lsh_keys(salient_terms(feats, store.df(terms), store.document_count()))
        store.add_document(doc, story_id, feats.to_json(), keys, terms)
        store.add_to_story(story_id)


@pytest.mark.parametrize("order", ["interleaved", "one_event_first"])
def test_two_title_defences_are_two_stories(annotate, tmp_path, order):
    """Articles sharing a champion, a belt and most words, about two fights: the store
    ends with one story per fight, whichever order they arrive in."""
    from retold.store import Store

    ids = list(DEFENCES)
    if order == "interleaved":
        ids = [x for pair in zip(ids[:4], ids[4:]) for x in pair]
    docs = [annotate(DEFENCES[i], i) for i in ids]
    store = Store(tmp_path / "retold.db")
    assert place_all(store, docs) == [sorted(i for i in DEFENCES if i.startswith("okafor")),
                                      sorted(i for i in DEFENCES if i.startswith("varga"))]
    store.close()


def test_one_event_told_by_different_sources_stays_one_story(annotate, tmp_path):
    """Eight articles on one fight, half of them quoting the promoter twice and never
    the doctor, the other half the doctor twice and never the promoter: one story."""
    from retold.store import Store

    texts = {}
    for key in (k for k in DEFENCES if k.startswith("okafor")):
        texts[key + "_promoter"] = (DEFENCES[key] + " Promoter Ivo Brandt said the arena was sold out."
                                    " Brandt expects a bigger crowd for the rematch.")
        texts[key + "_doctor"] = (DEFENCES[key] + " Ringside doctor Petra Lind said both boxers were"
                                  " checked after the fight. Lind found no serious injury.")
    docs = [annotate(text, key) for key, text in texts.items()]
    store = Store(tmp_path / "retold.db")
    assert place_all(store, docs) == [sorted(texts)]
    store.close()


def test_analyze_tells_the_two_defences_apart_too(annotate):
    docs = [annotate(text, key) for key, text in DEFENCES.items()]
    assert [[d.id for d in g] for g in cluster(docs)] == [list(DEFENCES)[:4], list(DEFENCES)[4:]]


QUAKE_NEXT_YEAR = ("Homes shook in Port Alder again on Monday when a magnitude 5.4 earthquake hit the "
                   "coast, the national seismic agency said. Six people were hurt by falling glass. "
                   "Mayor Rita Vance said the harbor had escaped damage this time.")


@pytest.mark.parametrize("published, stories", [("2025-01-30", 1), ("2026-02-02", 2)])
def test_date_proximity(annotate, tmp_path, published, stories):
    """An earthquake in the same town a year later is another story; the same words
    two days later are the same one."""
    from retold.store import Store

    docs = [annotate(QUAKE_A, "quake_a", "2025-01-28"), annotate(QUAKE_B, "quake_b", "2025-01-28"),
            annotate(QUAKE_NEXT_YEAR, "quake_next", published)]
    store = Store(tmp_path / "retold.db")
    assert len(place_all(store, docs)) == stories
    store.close()
    assert len(cluster(docs)) == stories


# Two injuries on one team; each event's articles name the other player in passing.
INJURIES = {
    "marsh_1": "Gulls running back Dion Marsh will miss the rest of the season with a torn knee "
               "ligament, the team said on Wednesday. Marsh was hurt in the third quarter on Sunday. "
               "Coach Lena Ortt said Marsh would have surgery next week and Kofi Adler would start.",
    "marsh_2": "Dion Marsh's season is over. The Gulls placed Marsh on injured reserve after an MRI "
               "showed a torn ligament in his knee. Marsh had run for 800 yards this season.",
    "marsh_3": "The Gulls lost running back Dion Marsh for the season. Marsh tore a knee ligament "
               "against the Hawks, and coach Lena Ortt called it a blow to the offense. "
               "\"Dion is our engine,\" Ortt said of Marsh.",
    "marsh_4": "Knee surgery ends Dion Marsh's year. Marsh, the Gulls' leading rusher, was placed on "
               "injured reserve on Wednesday. The team did not say when Marsh would return.",
    "adler_1": "Gulls running back Kofi Adler was placed on injured reserve with a broken ankle, the "
               "team said on Tuesday. Adler had taken over as the starter after Dion Marsh's injury. "
               "Coach Lena Ortt said Adler would need surgery.",
    "adler_2": "Kofi Adler's season is over. The Gulls put Adler on injured reserve after an X-ray "
               "showed a fracture in his ankle. Adler had run for 450 yards in six starts.",
    "adler_3": "The Gulls lost running back Kofi Adler for the season. Adler broke his ankle against "
               "the Owls, and coach Lena Ortt called it another blow to the offense. "
               "\"Kofi fought hard,\" Ortt said of Adler.",
    "adler_4": "A broken ankle ends Kofi Adler's year. Adler, the Gulls' starter since Marsh went down, "
               "was placed on injured reserve on Tuesday. The team signed a back from its practice squad.",
}


def test_a_player_named_in_passing_does_not_make_one_story(annotate, tmp_path):
    """Each injury's articles mention the other injured player in passing: still two
    stories, each led by its own player."""
    from retold.store import Store

    ids = [x for pair in zip(list(INJURIES)[:4], list(INJURIES)[4:]) for x in pair]
    store = Store(tmp_path / "retold.db")
    assert place_all(store, [annotate(INJURIES[i], i) for i in ids]) == [
        sorted(list(INJURIES)[4:]), sorted(list(INJURIES)[:4])]
    store.close()


# One rehab admission told on the same days: half the outlets name the clinic and its
# town in their leads, the other half never do.
REHAB = {
    "clinic_1": "Singer Noa Brill checked into the Pinecrest clinic in Ventana on Monday, her "
                "spokesman said. Pinecrest, a private clinic in the Ventana hills, treats alcohol "
                "addiction. Brill cancelled her summer tour.",
    "clinic_2": "Noa Brill has entered the Pinecrest clinic in Ventana for treatment. The singer "
                "arrived at Pinecrest on Monday night with her mother, a source said. Brill's tour "
                "is off.",
    "clinic_3": "Pop star Noa Brill is at the Pinecrest clinic in Ventana, where she will stay for "
                "at least a month. Pinecrest staff would not comment. Brill's label said the tour "
                "dates would be moved.",
    "clinic_4": "Noa Brill checks into Pinecrest. The singer began treatment at the Pinecrest clinic "
                "in Ventana on Monday. Brill, 27, had been seen drinking backstage last week.",
    "plain_1": "Noa Brill is in rehab. The singer entered a treatment program on Monday, her "
               "spokesman confirmed, and her summer tour has been cancelled. Brill thanked fans "
               "for their support.",
    "plain_2": "Singer Noa Brill has gone to rehab for alcohol addiction, her representative said "
               "on Monday. Brill asked for privacy. Her summer tour will not go ahead.",
    "plain_3": "Pop star Noa Brill entered rehab on Monday. A spokesman said Brill would spend at "
               "least a month in treatment and that her tour dates would be moved.",
    "plain_4": "Noa Brill seeks treatment. The singer checked into rehab on Monday after her tour "
               "was cancelled. Brill, 27, had been seen drinking backstage last week.",
}


def test_one_event_told_on_the_same_days_stays_one_story(annotate, tmp_path):
    """Articles of the same days about one singer's rehab, half naming the clinic and
    its town throughout and half never: one story. The two title defences reported on
    the same days stay two: each half leads with a boxer of its own."""
    from retold.store import Store

    ids = [x for pair in zip(list(REHAB)[:4], list(REHAB)[4:]) for x in pair]
    store = Store(tmp_path / "retold.db")
    assert place_all(store, [annotate(REHAB[i], i, "2025-05-05") for i in ids]) == [sorted(REHAB)]
    store.close()
    assert len(cluster([annotate(REHAB[i], i, "2025-05-05") for i in ids])) == 1
    store = Store(tmp_path / "defences.db")
    assert len(place_all(store, [annotate(DEFENCES[i], i, "2025-05-05") for i in DEFENCES])) == 2
    store.close()


# Two warehouse fires on the same day in two towns, told with the same words.
FIRES = {
    f"{town.lower()}_{i}": text.format(town=town)
    for town in ("Banford", "Wexley")
    for i, text in enumerate((
        "A fire destroyed a warehouse in {town} on Tuesday night, and firefighters battled "
        "the blaze for six hours, the fire service said. {town} residents were told to keep "
        "windows closed because of the smoke.",
        "Firefighters spent the night fighting a warehouse blaze in {town}. The fire service "
        "said the {town} warehouse was empty and nobody was hurt. Smoke could be seen across "
        "{town}.",
        "Smoke hung over {town} on Wednesday after a fire gutted a warehouse. The fire service "
        "said crews from across the county helped in {town} and the cause is not yet known.",
        "The cause of the {town} warehouse fire is under investigation, the fire service said. "
        "The blaze in {town} burned for six hours before firefighters put it out.",
    ))
}


def test_two_fires_on_the_same_day_are_two_stories(annotate, tmp_path):
    """The same-days rule keeps one event told two ways together only when both groups
    are about the same person; two fires in two towns on the same day stay apart."""
    from retold.store import Store

    ids = [x for pair in zip(list(FIRES)[:4], list(FIRES)[4:]) for x in pair]
    store = Store(tmp_path / "retold.db")
    assert place_all(store, [annotate(FIRES[i], i, "2025-05-06") for i in ids]) == [
        sorted(list(FIRES)[:4]), sorted(list(FIRES)[4:])]
    store.close()


# Two emergency patches for one browser, years apart, told with the same words; only
# the newer one's articles are dated (datelines), the older ones carry no date at all.
PATCHES = {
    "new_1": "September 18, 2013\n\nVeltro Systems released an emergency fix for its Corvid web browser "
             "on Tuesday after attackers exploited a flaw in every version of the browser. The company "
             "urged users to install the temporary fix while it works on a full patch.",
    "new_2": "18 September 2013\n\nVeltro rushed out a temporary fix for a zero-day flaw in the Corvid "
             "browser that attackers have used in targeted attacks. A full patch will follow, the "
             "company said, and users should apply the fix now.",
    "new_3": "Sep 18, 2013\n\nAttackers exploited an unpatched flaw in all versions of Corvid, and Veltro "
             "Systems answered with an emergency fix on Tuesday. The targeted attacks used "
             "booby-trapped web pages, security firms said.",
    "new_4": "September 19, 2013\n\nVeltro's emergency fix for Corvid arrived a day after security firms "
             "warned of targeted attacks on the browser flaw. The company said the fix blocks the "
             "attacks until a full patch ships.",
    "old_1": "Veltro Systems issued an out-of-band security update for the Corvid browser on Wednesday to "
             "close a hole that let hackers steal passwords from infected computers. Millions of users "
             "were told to update right away.",
    "old_2": "Hackers used a hole in Corvid to steal passwords, and Veltro Systems issued an out-of-band "
             "update on Wednesday. The company said millions of computers running the browser were at "
             "risk.",
    "old_3": "An out-of-band update from Veltro Systems closes the Corvid hole hackers used to plant "
             "password-stealing software on websites, the company said on Wednesday. Users should "
             "update at once.",
    "old_4": "Veltro issued its out-of-band Corvid update on Wednesday after hackers planted "
             "password-stealing programs on websites. Security experts urged users to update the "
             "browser at once.",
}


@pytest.mark.parametrize("order", ["interleaved", "new_first", "old_first"])
def test_a_dated_patch_and_an_undated_older_one_are_two_stories(annotate, tmp_path, order):
    """One group's articles are dated 2013 and the other's never name 2013 (nor carry
    a date): told apart by the year once their words split them, in any order."""
    from retold.store import Store

    new, old = list(PATCHES)[:4], list(PATCHES)[4:]
    ids = {"interleaved": [x for pair in zip(new, old) for x in pair], "new_first": new + old,
           "old_first": old + new}[order]
    store = Store(tmp_path / "retold.db")
    assert place_all(store, [annotate(PATCHES[i], i, None) for i in ids]) == [sorted(new), sorted(old)]
    store.close()


def test_one_event_with_and_without_datelines_stays_one_story(annotate, tmp_path):
    """The same patch told by dated and undated articles: one story (the undated ones
    do not differ in their words)."""
    from retold.store import Store

    texts = {k: v for k, v in PATCHES.items() if k.startswith("new")}
    texts |= {k.replace("new", "plain"): v.split("\n\n", 1)[1] for k, v in texts.items()}
    ids = [x for pair in zip(list(texts)[:4], list(texts)[4:]) for x in pair]
    store = Store(tmp_path / "retold.db")
    assert place_all(store, [annotate(texts[i], i, None) for i in ids]) == [sorted(texts)]
    store.close()


def test_a_half_split_off_joins_the_story_its_event_already_has(annotate, tmp_path):
    """A story that took in the older patch's articles next to the newer one's splits,
    and the older articles join the older patch's own story rather than start a third."""
    from retold.cluster import INCREMENTAL_THRESHOLD
    from retold.cluster import Engine
    from retold.store import Store

    store = Store(tmp_path / "retold.db")
    with store.transaction():
        for story, ids in (("story_old", ["old_1"]), ("story_mixed", ["new_1", "old_2", "new_2", "old_3",
                                                                      "new_3", "old_4", "new_4"])):
            put_in_story(store, story, [annotate(PATCHES[i], i, None) for i in ids])
        assert Engine(store, INCREMENTAL_THRESHOLD).split_if_two_events("story_mixed") == "story_old"
    assert sorted(store.story_documents()) == [(f"new_{i}", "story_mixed") for i in range(1, 5)] + [
        (f"old_{i}", "story_old") for i in range(1, 5)]
    assert store.story_sizes(["story_old", "story_mixed"]) == {"story_old": 4, "story_mixed": 4}
    store.close()



def test_stories_told_apart_are_not_bridged(annotate, tmp_path, monkeypatch):
    """An article that fits two stories almost equally merges them, unless their
    articles are told apart as two events: two fights' stories are not merged (and
    then split again) by a round-up of both."""
    import retold.cluster.engine
    from retold.cluster import Engine
    from retold.store import Store

    store = Store(tmp_path / "retold.db")
    assert len(place_all(store, [annotate(DEFENCES[i], i) for i in DEFENCES])) == 2
    monkeypatch.setattr(retold.cluster.engine, "BRIDGE_FACTOR", 0.0)  # let the round-up bridge
    roundup = annotate(DEFENCES["okafor_1"] + " " + DEFENCES["varga_1"], "roundup")
    with store.transaction():
        placed = Engine(store).place(roundup)
    assert placed.merged == [] and placed.split_off is None
    assert len(store.story_sizes(sid for _, sid in store.story_documents())) == 2
    store.close()


def test_two_halves_of_one_event_are_joined_by_the_next_article(annotate, tmp_path):
    """One fight's articles held in two stories (as arrival order can leave them): the
    next article on the fight, a copy of one of the first story's, joins that story
    (it fits the other far less: no bridge), and the other merges in all the same, the
    two stories' articles being alike on average."""
    from retold.cluster import INCREMENTAL_THRESHOLD
    from retold.cluster import Engine
    from retold.store import Store

    store = Store(tmp_path / "retold.db")
    with store.transaction():
        put_in_story(store, "story_a", [annotate(DEFENCES[i], i) for i in ("okafor_1", "okafor_2")])
        undercard = (" On the undercard, local welterweight Jonas Pell outpointed a veteran from Lyon over "
                     "eight rounds, and the Hamburg crowd cheered a debutant who won in the second round.")
        put_in_story(store, "story_b", [annotate(DEFENCES[i] + undercard, i) for i in ("okafor_3", "okafor_4")])
        text = DEFENCES["okafor_1"].replace("on Saturday", "on Saturday night")  # a copy: fits story_a best
        placed = Engine(store, INCREMENTAL_THRESHOLD).place(annotate(text, "okafor_5"))
    assert placed.merged
    assert {sid for _, sid in store.story_documents()} == {placed.story}
    store.close()


# A running story written for these tests: a port authority's deal with striking dock
# workers, and the fines it levied on the union three weeks later; the same people lead
# both. And a ferry launched by the same harbour master between the two.
DOCKS_DEAL = [
    "Harbour master Ines Corvo and union leader Pavel Ostrow signed a deal on Monday that ends "
    "the Kelmouth dock strike. Dock workers will get a raise of six percent.",
    "The Kelmouth dock strike is over: Ines Corvo and Pavel Ostrow agreed a deal overnight. "
    "Workers return on Tuesday with a six percent raise.",
    "Dock workers in Kelmouth go back to work after Ines Corvo and Pavel Ostrow struck a deal "
    "that raises their pay by six percent.",
]
DOCKS_FINES = [
    "Harbour master Ines Corvo fined the Kelmouth dock union on Monday for the strike, and union "
    "leader Pavel Ostrow said the union would appeal the fines in court.",
    "The Kelmouth dock union must pay fines for last month's strike, Ines Corvo ruled on Monday. "
    "Pavel Ostrow called the fines an act of revenge.",
    "Ines Corvo imposed fines on the Kelmouth dock union over the strike. Pavel Ostrow said "
    "the union would fight the fines in court.",
]
FERRY = [
    "Harbour master Ines Corvo launched the new Kelmouth ferry to Brisa Island on Thursday. "
    "The ferry carries 400 passengers, and Brisa residents cheered its first crossing.",
    "Kelmouth's new ferry to Brisa Island made its first crossing on Thursday, Ines Corvo said. "
    "It carries 400 passengers; Brisa had waited ten years for it.",
    "The Brisa Island ferry, launched by Ines Corvo on Thursday, cut the crossing from Kelmouth "
    "to forty minutes. Brisa shops expect more visitors.",
]


def _dated(annotate, texts, prefix, dates):
    return {f"{prefix}_{i}": annotate(text, f"{prefix}_{i}", date)
            for i, (text, date) in enumerate(zip(texts, dates))}


def test_a_story_in_two_runs_of_news_days_is_split_by_date(annotate):
    """A story whose articles, all dated, fall on two runs of days three weeks apart
    (the deal, the fines) holds two events, whoever leads both."""
    from retold.cluster import features
    from retold.cluster.events import _news_days, split_events

    docs = {**_dated(annotate, DOCKS_DEAL, "deal", ["2025-03-03", "2025-03-03", "2025-03-04"]),
            **_dated(annotate, DOCKS_FINES, "fines", ["2025-03-24", "2025-03-25", "2025-03-25"])}
    found = split_events({d: features(doc) for d, doc in docs.items()}, {}, len(docs))
    assert found is not None
    assert sorted(found[:2]) == [["deal_0", "deal_1", "deal_2"], ["fines_0", "fines_1", "fines_2"]]
    assert found[2] == "2025-03-04 / 2025-03-24"
    # the same articles on days that run into each other are not cut by date
    close = {**_dated(annotate, DOCKS_DEAL, "deal", ["2025-03-03", "2025-03-04", "2025-03-05"]),
             **_dated(annotate, DOCKS_FINES, "fines", ["2025-03-07", "2025-03-08", "2025-03-09"])}
    assert _news_days(sorted(close), {d: features(doc) for d, doc in close.items()}) is None


def test_a_story_is_not_merged_with_one_of_other_days(annotate, tmp_path):
    """An article that bridges two stories does not merge them when one is news of its
    own days and the other's articles all come a week or more from it: the rule that
    keeps an article out of a story keeps the story it bridges to out too."""
    from retold.cluster import Engine
    from retold.cluster.events import apart_in_time
    from retold.store import Store

    assert apart_in_time(["2025-03-03", "2025-03-04"], ["2025-03-24", "2025-03-30"])
    assert not apart_in_time(["2025-03-03", "2025-03-04"], ["2025-03-06", "2025-03-30"])
    assert not apart_in_time(["2025-03-03", None], ["2025-03-24"])  # undated: time says nothing
    store = Store(tmp_path / "retold.db")
    deal = _dated(annotate, DOCKS_DEAL, "deal", ["2025-03-03", "2025-03-03", "2025-03-04"])
    fines = _dated(annotate, DOCKS_FINES, "fines", ["2025-03-24", "2025-03-25", "2025-03-25"])
    assert place_all(store, [*deal.values(), *fines.values()]) == [sorted(deal), sorted(fines)]
    roundup = annotate(DOCKS_DEAL[0] + " " + DOCKS_FINES[0], "roundup", "2025-03-05")
    with store.transaction():
        placed = Engine(store).place(roundup)
    assert placed.merged == []
    store.close()


def test_an_event_between_two_of_a_storyline_is_told_apart_by_its_days(annotate):
    """Groups are on the same news days only when most articles of one come within days
    of the other's, not when one group's span covers the other's: the ferry launched
    between the deal and the fines is news of its own days, and split off by the name
    it leads with."""
    from retold.cluster import features
    from retold.cluster.events import _same_days, told_apart

    deal = _dated(annotate, DOCKS_DEAL, "deal", ["2025-03-03", "2025-03-03", "2025-03-04"])
    fines = _dated(annotate, DOCKS_FINES, "fines", ["2025-03-24", "2025-03-25", "2025-03-25"])
    ferry = _dated(annotate, FERRY, "ferry", ["2025-03-13", "2025-03-13", "2025-03-14"])
    members = {d: features(doc) for d, doc in {**deal, **fines, **ferry}.items()}
    dock = [*deal, *fines]
    assert not _same_days(list(ferry), dock, members)
    assert _same_days(list(deal), ["fines_0", "deal_x"], {**members, "deal_x": members["deal_0"]})
    assert told_apart({d: members[d] for d in ferry}, {d: members[d] for d in dock})


@pytest.mark.parametrize("terms", [[], ["fire"], ["fire", "#lopez", "warehouse", "dock", "#2024"],
                                   [f"term{i}" for i in range(40)] + ["é", "naïve", "#o'neill"]])
def test_lsh_keys_are_datasketchs_minhash(terms):
    """lsh_keys computes datasketch's MinHash itself (importing datasketch imports SciPy):
    the keys stores already hold must not change."""
    from datasketch import MinHash

    from retold.cluster import lsh_keys

    mh = MinHash(num_perm=64, seed=7)
    for t in terms:
        mh.update(t.encode("utf-8"))
    assert lsh_keys(terms) == [(band, int(v) & 0x7FFFFFFFFFFFFFFF) for band, v in enumerate(mh.hashvalues)]


def test_memory_archive_story_features_follow_merges_and_splits():
    """MemoryArchive keeps each story's documents in an index: newest first, up to the
    limit, through merges and splits, as a scan of every document would give them."""
    from retold.cluster import MemoryArchive

    archive = MemoryArchive()
    for i, story in enumerate("aabba"):
        if f"s{story}" not in archive._sizes:
            archive.create_story(f"s{story}")
        archive.add_document(make_doc(f"text {i}", f"d{i}"), f"s{story}", {"i": i}, [], [])
        archive.add_to_story(f"s{story}")
    assert list(archive.story_features("sa")) == ["d4", "d1", "d0"]
    assert list(archive.story_features("sa", limit=2)) == ["d4", "d1"]
    archive.merge_stories("sa", ["sb"])
    assert list(archive.story_features("sa")) == ["d4", "d3", "d2", "d1", "d0"]
    assert archive.story_features("sb") == {}
    archive.split_story("sa", "sc", ["d1", "d3"])
    assert list(archive.story_features("sa")) == ["d4", "d2", "d0"]
    assert list(archive.story_features("sc")) == ["d3", "d1"]
    assert [[d.id for d in g] for g in archive.stories()] == [["d0", "d2", "d4"], ["d1", "d3"]]
