"""Derive retold's speech-verb lexicon from WordNet 3.0, once, and write it to
retold/data/speech_verbs.txt (committed; nothing reads WordNet at run time).

    apt-get install wordnet-base            # Debian: WordNet 3.0 database files
    python scripts/derive_speech_verbs.py [--wordnet DIR]

DIR holds WordNet's `data.verb` and `index.verb` (default: $WNSEARCHDIR, else where
Debian's wordnet-base puts them). VerbNet (say-37.7, complain-37.8, manner_speaking-37.3)
is not used: no package on the registries this project uses ships its data offline.

Selection, in WordNet's own terms:
1. Speech senses: synsets of lexicographer file 32 (verb.communication) that are
   troponyms, at any depth, of the utterance synsets {express, verbalize, utter}
   (00940402), {state, say, tell} (01009258), {talk, speak, utter, mouth} (00942008) and
   {utter, emit, let out} (00983842), or that take WordNet's sentence frame 26
   ("Somebody ----s that CLAUSE"). Minus the troponyms of {sign} (00889247) and {talk of,
   talk about} (00943581: discuss, negotiate), and animal cries (gloss names an animal).
2. News sense: a one-word lemma is kept when one of its two most frequent senses
   (index.verb orders senses by SemCor frequency) is a speech sense, so that "go",
   "order" or "record" are not read as speech verbs because of a rare sense.
3. DENY: lemmas reviewed by hand whose speech sense does not introduce reported speech in
   news text (they would make "the court sentenced him" or "she signed" a speech verb).
4. NEWS: verbs news writing uses to introduce quotes that WordNet files elsewhere or
   ranks low (continue, insist, laugh, boom, beam, blast, slam...), and WRITING: verbs of
   writing and posting (tweet, post, text, email), which WordNet 3.0 (2006) predates.
"""
from __future__ import annotations

import argparse
import os
import re
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "retold" / "data" / "speech_verbs.txt"
DEBIAN_WORDNET = Path("/usr/share/wordnet")

SPEECH_ROOTS = ("00940402", "01009258", "00942008", "00983842")
EXCLUDED_ROOTS = ("00889247", "00943581")
THAT_CLAUSE = 26  # WordNet verb frame "Somebody ----s that CLAUSE"
COMMUNICATION = 32  # lexicographer file verb.communication
_ANIMAL = re.compile(
    r"\b(?:animals?|characteristic of|of (?:monkeys|pigeons|a horse|some birds|birds|grasshoppers|"
    r"owls|crows|seagulls|males)|cat-like|like a (?:cat|goose|raven|dog)|the (?:bull|dogs?|lambs|"
    r"coyotes|ducks|geese|birds|cat|cocks|nightingale|wolves|horse))\b", re.I)

# Reviewed by hand: WordNet files a communication sense for these, but in news they do
# not introduce what someone said (acts, legal and commercial senses, thinking, sounds).
DENY = frozenset("""
    accurse affiance anathematise anathematize arbitrate assibilate autograph baa ballyhoo barrage
    bay bet betroth blate blat bulletin cable cantillate chirr churr connote contract
    contraindicate countersign cronk cuckoo deal decree defend deliberate deliver destine
    disregard dissemble distort doom editorialise editorialize exact extenuate extrapolate
    falsify fate feign foredoom forebode gaggle gargle generalise generalize guarantee
    guesstimate hallow haw heave heliograph hee-haw horse-trade ignore initial ink intercede
    intermediate liaise lilt lip-sync lip-synch low mediate meow mew miaou miaow mind misadvise
    misspell mitigate moderate moo negotiate neigh nicker nitpick oink order palliate pant-hoot
    particularise particularize petition phonate pipe plight point portray pray predestine
    preface pretend prologise prologize prologuize quack question rationalize reconsecrate
    record renegociate renegotiate sanctify scald sentence siss sizz skreigh spell subvent
    subvention suppose suspect swan teach telegraph theologise theologize tone treble troat
    undersign underwrite visa warp waul wawl whicker whinny will wolf-whistle wrawl yaup yawl
    grunt-hoot sibilate nasale gobble cluck honk bleat bray caw cackle quetch
    """.split())

# Verbs news uses to introduce a quote that the WordNet selection misses (filed under
# another lexicographer file, or a rare sense): reviewed, with retold's earlier hand list
# (which this lexicon contains whole; "branded" because the tagger leaves it unlemmatized).
NEWS = frozenset("""
    accuse add beam beg blast boom brand call caution characterise characterize charge chime
    chuckle cite conclude confide confirm continue crack dub gasp giggle grin gush hear inform
    insist joke label lament laugh maintain marvel mention muse observe offer plead praise
    proclaim quote rave read recall recount refer reflect respond reveal scoff shrug sing slam
    smile sneer sob speculate thank threaten tout wonder explain express assure affirm attest
    describe recommend propose share send quip wrap fume rage seethe groan bristle
    branded
""".split())

WRITING = frozenset("""
    write tweet retweet post text email e-mail message blog pen scrawl scribble jot caption
    publish
""".split())


def read_synsets(data_verb: Path) -> dict[str, dict]:
    """offset -> {lex, words, hypernyms, frames, gloss} from WordNet's data.verb."""
    synsets = {}
    for line in data_verb.open(encoding="latin-1"):
        if line.startswith("  "):  # the license header
            continue
        body, _, gloss = line.partition(" | ")
        f = body.split()
        count = int(f[3], 16)
        words = [f[4 + 2 * i].lower() for i in range(count)]
        i = 4 + 2 * count
        pointers = []
        for _ in range(int(f[i])):
            pointers.append((f[i + 1], f[i + 2]))
            i += 4
        i += 1
        frames = set()
        if i < len(f):
            for _ in range(int(f[i])):
                frames.add(int(f[i + 2]))
                i += 3
        synsets[f[0]] = {"lex": int(f[1]), "words": words, "frames": frames, "gloss": gloss.strip(),
                         "hypernyms": [o for symbol, o in pointers if symbol == "@"]}
    return synsets


def read_senses(index_verb: Path) -> dict[str, list[str]]:
    """lemma -> synset offsets, most frequent sense first, from WordNet's index.verb."""
    senses = {}
    for line in index_verb.open(encoding="latin-1"):
        if line.startswith(" "):
            continue
        f = line.split()
        pointers = int(f[3])
        senses[f[0]] = f[4 + pointers + 2:]
    return senses


def troponyms(synsets: dict, roots) -> set[str]:
    children = defaultdict(list)
    for offset, s in synsets.items():
        for h in s["hypernyms"]:
            children[h].append(offset)
    seen, stack = set(), list(roots)
    while stack:
        o = stack.pop()
        if o not in seen:
            seen.add(o)
            stack.extend(children[o])
    return seen


def speech_senses(synsets: dict) -> set[str]:
    """Step 1: the synsets that are ways of saying something."""
    under = troponyms(synsets, SPEECH_ROOTS) | {o for o, s in synsets.items() if THAT_CLAUSE in s["frames"]}
    out = under - troponyms(synsets, EXCLUDED_ROOTS)
    return {o for o in out if synsets[o]["lex"] == COMMUNICATION and not _ANIMAL.search(synsets[o]["gloss"])}


def derive(wordnet: Path) -> list[tuple[str, str, str]]:
    """(lemma, kind, source) rows: kind speech|writing, source a WordNet offset or `news`."""
    synsets = read_synsets(wordnet / "data.verb")
    senses = read_senses(wordnet / "index.verb")
    speech = speech_senses(synsets)
    rows = {}
    for lemma, offsets in senses.items():
        if "_" in lemma or lemma in DENY:
            continue
        hit = next((o for o in offsets[:2] if o in speech), None)
        if hit is not None:
            rows[lemma] = ("speech", f"wordnet:{hit}")
    for lemma in NEWS:
        rows.setdefault(lemma, ("speech", "news"))
    for lemma in WRITING:
        rows[lemma] = ("writing", rows[lemma][1] if lemma in rows else "news")
    return sorted((lemma, kind, source) for lemma, (kind, source) in rows.items())


HEADER = """\
# retold speech-verb lexicon: verbs that introduce reported speech in news, as lemmas.
# Derived by scripts/derive_speech_verbs.py from WordNet 3.0 (Princeton University),
# verb.communication (lexicographer file 32), with a reviewed deny-list and additions;
# see that script for the selection. Columns: lemma, kind (speech|writing), source
# (wordnet:<synset offset in WordNet 3.0 data.verb> or news = retold's reviewed additions).
#
# WordNet 3.0 license: Permission to use, copy, modify and distribute this software and
# database and its documentation for any purpose and without fee or royalty is hereby
# granted, provided that you agree to comply with the following copyright notice and
# statements, including the disclaimer, and that the same appear on ALL copies of the
# software, database and documentation, including modifications that you make for
# internal use or for distribution. WordNet 3.0 Copyright 2006 by Princeton University.
# All rights reserved. THIS SOFTWARE AND DATABASE IS PROVIDED "AS IS" AND PRINCETON
# UNIVERSITY MAKES NO REPRESENTATIONS OR WARRANTIES, EXPRESS OR IMPLIED. BY WAY OF
# EXAMPLE, BUT NOT LIMITATION, PRINCETON UNIVERSITY MAKES NO REPRESENTATIONS OR WARRANTIES
# OF MERCHANTABILITY OR FITNESS FOR ANY PARTICULAR PURPOSE OR THAT THE USE OF THE LICENSED
# SOFTWARE, DATABASE OR DOCUMENTATION WILL NOT INFRINGE ANY THIRD PARTY PATENTS,
# COPYRIGHTS, TRADEMARKS OR OTHER RIGHTS. The name of Princeton University or Princeton
# may not be used in advertising or publicity pertaining to distribution of the software
# and/or database. Title to copyright in this software, database and any associated
# documentation shall at all times remain with Princeton University and LICENSEE agrees
# to preserve same.
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--wordnet", type=Path,
                        default=Path(os.environ.get("WNSEARCHDIR") or DEBIAN_WORDNET),
                        help="folder with WordNet 3.0 data.verb and index.verb")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    if not (args.wordnet / "data.verb").exists():
        parser.error(f"{args.wordnet / 'data.verb'}: not found (apt-get install wordnet-base, or --wordnet DIR)")
    rows = derive(args.wordnet)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8") as out:
        out.write(HEADER)
        for row in rows:
            out.write("\t".join(row) + "\n")
    kinds = defaultdict(int)
    for _, kind, source in rows:
        kinds[(kind, source.split(":")[0])] += 1
    print(f"{args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out}: {len(rows)} verbs "
          + ", ".join(f"{k}/{s} {n}" for (k, s), n in sorted(kinds.items())))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
