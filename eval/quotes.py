"""Score retold's quotes and speakers against the hand-annotated gold set, beside
textacy's `direct_quotations` on the same text in the same run.

    python eval/quotes.py [--confusions] [--split dev|heldout|all] [--by-sieve] [--without SIEVE]

Gold: eval/quotes_gold.jsonl (spans into the `text` of ../shared/data/ecbplus). A quote
matches exactly when its span equals the gold span (surrounding punctuation and spaces
ignored), and by overlap when the shared characters cover at least half of the longer
of the two. Speaker accuracy is over quotes matched by overlap, broken down by how the
text introduces the speaker. `via`: the share of gold quotes with a channel whose matched
quote names the same channel (fuzzy on its head: "his campaign" = "Warren Hale's
campaign"), and how many quotes with a `null` gold via were given one. Skips when
../shared/data is absent.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DATA = ROOT.parent / "shared" / "data" / "ecbplus" / "ecbplus_dev.jsonl"
GOLD = ROOT / "eval" / "quotes_gold.jsonl"
MORE_GOLD = ROOT / "eval" / "gold"  # one file per source: ecbplus, meantime, composed
TEXTS = {"ecbplus": DATA, "meantime": ROOT.parent / "shared" / "data" / "timeml" / "meantime_en.jsonl",
         "composed": ROOT / "eval" / "articles" / "composed.jsonl"}
_TRIM = " \t\n,.;:!?\"'“”‘’…"


def _core(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _TRIM:
        start += 1
    while end > start and text[end - 1] in _TRIM:
        end -= 1
    return start, end


def _norm(name: str | None) -> str | None:
    if not name:
        return None
    name = name.strip().lower().replace("’", "'")  # "O’Brien" is "O'Brien"
    return name[4:] if name.startswith("the ") else name


_DETERMINERS = re.compile(r"^(?:the|a|an|his|her|their|its|[\w.&-]+(?:'s|’s))\s+", re.I)


def _channel(via: str | None) -> str | None:
    """A via reduced to what names the channel: without an article, possessor or
    determiner ("his campaign" and "Warren Hale's campaign" are both "campaign")."""
    if not via:
        return None
    via = re.sub(r"(?:'s|’s)$", "", via.strip().lower())
    while True:
        shorter = _DETERMINERS.sub("", via, count=1)
        if shorter == via:
            return via
        via = shorter


def via_matches(gold: str, got: str | None) -> bool:
    """Fuzzy on the channel's head noun: the same channel once determiners and owners are
    dropped, one contained in the other ("New York Times" / "The New York Times
    newspaper"), or the same last word ("the indictment" / "the federal indictment")."""
    g, p = _channel(gold), _channel(got)
    if not g or not p:
        return False
    return g == p or g in p or p in g or g.split()[-1] == p.split()[-1]


def score(name: str, text_of: dict, gold: dict, predicted: dict, split_of: dict | None = None) -> dict:
    """P/R/F1 (exact and overlap) and speaker accuracy of `predicted` against `gold`;
    per split, the quotes each attribution sieve decided and how many it got right."""
    exact = overlap = n_pred = n_gold = 0
    via = Counter()  # gold quotes with a via: found, right; gold without: given one anyway
    by_how: dict[str, Counter] = defaultdict(Counter)
    by_sieve: dict[tuple[str, str], Counter] = defaultdict(Counter)
    confusions = []
    for doc_id, quotes in gold.items():
        text = text_of[doc_id]
        preds = predicted.get(doc_id, [])
        n_pred += len(preds)
        n_gold += len(quotes)
        used: set[int] = set()
        for g in quotes:
            gs, ge = _core(text, g["start"], g["end"])
            best, best_share = None, 0.0
            for i, p in enumerate(preds):
                if i in used:
                    continue
                ps, pe = _core(text, p["start"], p["end"])
                share = max(0, min(ge, pe) - max(gs, ps)) / max(ge - gs, pe - ps, 1)
                if share > best_share:
                    best, best_share = i, share
            if g.get("via"):
                via["gold"] += 1
            if best is None or best_share < 0.5:
                by_how[g["how"]]["missed"] += 1
                confusions.append((doc_id, text[g["start"]:g["end"]][:50], g["speaker"], "(quote not found)"))
                by_sieve[((split_of or {}).get(doc_id, "all"), "(quote not found)")]["wrong"] += 1
                continue
            used.add(best)
            overlap += 1
            p = preds[best]
            if _core(text, p["start"], p["end"]) == (gs, ge):
                exact += 1
            right = _norm(p["speaker"]) == _norm(g["speaker"])
            if g.get("via"):
                via["right" if via_matches(g["via"], p.get("via")) else "wrong"] += 1
                if not via_matches(g["via"], p.get("via")):
                    confusions.append((doc_id, text[g["start"]:g["end"]][:50], f"via {g['via']!r}",
                                       f"via {p.get('via')!r}"))
            elif "via" in g and p.get("via"):
                via["extra"] += 1
            by_how[g["how"]]["right" if right else "wrong"] += 1
            split = (split_of or {}).get(doc_id, "all")
            by_sieve[(split, p.get("sieve") or "(no sieve)")]["right" if right else "wrong"] += 1
            if not right:
                confusions.append((doc_id, text[g["start"]:g["end"]][:50], g["speaker"],
                                   f"{p['speaker']!r} [{p.get('sieve') or '-'}]"))

        for i, p in enumerate(preds):
            if i not in used:
                confusions.append((doc_id, text[p["start"]:p["end"]][:50], "(not a gold quote)", repr(p["speaker"])))

    def prf(hits):
        precision = hits / n_pred if n_pred else 0.0
        recall = hits / n_gold if n_gold else 0.0
        return precision, recall, (2 * precision * recall / (precision + recall) if hits else 0.0)

    right = sum(c["right"] for c in by_how.values())
    judged = sum(c["right"] + c["wrong"] for c in by_how.values())
    return {"name": name, "exact": prf(exact), "overlap": prf(overlap),
            "speaker": right / judged if judged else 0.0, "by_how": by_how, "by_sieve": by_sieve,
            "confusions": confusions, "via": via}


def retold_predictions(rows) -> dict:
    from retold.extract import extract
    from retold.ingest import content_hash
    from retold.models import Document
    from retold.nlp import load

    docs = [Document(id=r["id"], text=r["text"], content_hash=content_hash(r["text"]),
                     published=r.get("published"), outlet=r.get("outlet")) for r in rows]
    # a quotation over several paragraphs is scored by its first part, as the gold is written
    return {d.id: [{"start": q.parts[0][0] if q.parts else q.start,
                    "end": q.parts[0][1] if q.parts else q.end, "speaker": q.speaker, "via": q.via,
                    "sieve": q.sieve}
                   for q in d.quotes]
            for d in extract(docs, load())}


def textacy_predictions(rows) -> dict:
    from textacy.extract.triples import direct_quotations

    from retold.nlp import load

    nlp = load()
    out = {}
    for r, doc in zip(rows, nlp.pipe(r["text"] for r in rows)):
        try:
            triples = list(direct_quotations(doc))
        except ValueError:  # textacy gives up on a text with an odd number of marks
            triples = []
        out[r["id"]] = [{"start": t.content[0].idx, "end": t.content[-1].idx + len(t.content[-1]),
                         "speaker": " ".join(tok.text for tok in t.speaker) or None}
                        for t in triples]
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--confusions", action="store_true", help="list every miss and wrong speaker")
    parser.add_argument("--split", choices=["dev", "heldout", "test", "all"], default="all",
                        help="dev: tuned on; heldout: ECB+ scored after tuning; test: untouched, "
                             "scored once at the end of a session (all = dev + heldout)")
    parser.add_argument("--by-sieve", action="store_true",
                        help="per split, how many matched quotes each attribution sieve decided and how many right")
    parser.add_argument("--without", action="append", default=[], metavar="SIEVE",
                        help="turn an attribution sieve off (repeatable) to measure what it adds")
    parser.add_argument("--no-baseline", action="store_true", help="skip textacy's baseline")
    args = parser.parse_args()
    from retold.quotes import SIEVES
    unknown = [s for s in args.without if s not in SIEVES]
    if unknown:
        parser.error(f"unknown sieve {unknown[0]!r}; the sieves are {', '.join(SIEVES)}")
    if args.without:
        os.environ["RETOLD_QUOTE_SIEVES_OFF"] = ",".join(args.without)
    if not DATA.exists():
        print(f"skipped: {DATA} not present")
        return 0
    gold, split_of, source_of = {}, {}, {}
    files = [GOLD, *sorted(MORE_GOLD.glob("*.jsonl"))]
    for path in files:
        for line in path.open(encoding="utf-8"):
            record = json.loads(line)
            split = record.get("split", "dev")
            # the `test` split is scored once per session, never tuned on: only when asked by name
            if (args.split == "all" and split != "test") or args.split == split:
                key = (record.get("source", "ecbplus"), record["id"])
                gold[key] = record["quotes"]
                split_of[key] = split
    rows = []
    for source, path in TEXTS.items():
        if not path.exists() or not any(k[0] == source for k in gold):
            continue
        for r in map(json.loads, path.open(encoding="utf-8")):
            if (source, r["id"]) in gold:
                rows.append({"id": f"{source}:{r['id']}", "text": r["text"], "outlet": r.get("outlet"),
                             "published": r.get("published") or r.get("dct")})
    gold = {f"{s}:{i}": q for (s, i), q in gold.items() if any(r["id"] == f"{s}:{i}" for r in rows)}
    text_of = {r["id"]: r["text"] for r in rows}
    split_by_id = {f"{s}:{i}": split for (s, i), split in split_of.items()}
    results = [score("retold", text_of, gold, retold_predictions(rows), split_by_id)]
    if not args.no_baseline:
        try:
            results.append(score("textacy", text_of, gold, textacy_predictions(rows)))
        except ImportError:
            print("textacy not installed: pip install -e '.[eval]' for the baseline")
    off = f", sieves off: {', '.join(args.without)}" if args.without else ""
    print(f"gold ({args.split}): {sum(len(q) for q in gold.values())} quotes in {len(gold)} documents{off}")
    for res in results:
        (ep, er, ef), (op, orr, of) = res["exact"], res["overlap"]
        print(f"{res['name']:8s} exact P {ep:.3f} R {er:.3f} F1 {ef:.3f} | overlap P {op:.3f} R {orr:.3f} "
              f"F1 {of:.3f} | speaker accuracy {res['speaker']:.3f}")
        v = res["via"]
        if v["gold"] and res["name"] == "retold":
            print(f"    via right for {v['right']}/{v['gold']} gold quotes with a via "
                  f"({v['right'] / v['gold']:.3f}; {v['gold'] - v['right'] - v['wrong']} of them not found); "
                  f"{v['extra']} quotes without one given a via")
        for how, c in sorted(res["by_how"].items()):
            judged = c["right"] + c["wrong"]
            print(f"    {how:13s} speaker {c['right']}/{judged} right, {c['missed']} quotes missed")
        if args.by_sieve and res["name"] == "retold":
            order = {name: i for i, name in enumerate(SIEVES)}
            for split in sorted({s for s, _ in res["by_sieve"]}):
                print(f"  split {split}: quotes decided / right, by sieve")
                for (s, sieve), c in sorted(res["by_sieve"].items(), key=lambda kv: order.get(kv[0][1], 99)):
                    if s != split:
                        continue
                    n = c["right"] + c["wrong"]
                    if sieve == "(quote not found)":
                        print(f"    {sieve:18s} {n:4d} gold quotes")
                    else:  # "(no sieve)": no sieve decided, the speaker left unknown (right when gold has none)
                        print(f"    {sieve:18s} {n:4d} decided, {c['right']:4d} right ({c['right'] / n:.3f})")
        if args.confusions:
            for doc_id, quote, want, got in res["confusions"]:
                print(f"    {doc_id}: {quote!r}: gold {want!r}, got {got!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
