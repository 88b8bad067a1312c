"""Across the documents of a story: facts with their agreement, the timeline, the
coverage matrix and an extractive summary. Used by `reconcile`."""
from __future__ import annotations

import re
from collections import Counter, defaultdict

from .cluster.stop_words import ENGLISH_STOP_WORDS

from .models import Document, Fact

_TOLERANCE = {"duration": 0.1}


def _close(a: float, b: float, kind: str) -> bool:
    return abs(a - b) <= _TOLERANCE.get(kind, 0.001) * max(abs(a), abs(b), 1e-9)


def reconcile_facts(documents: list[Document], names: dict[str, str]) -> list[dict]:
    """One entry per fact and value. The same fact from several outlets is
    `corroborated`; from one, `single`; the same subject, kind and thing with another
    value in another outlet is a `conflict`. Conservative: when one document reports
    both values, they are two different things (two lawsuits), not a conflict."""
    items: list[tuple[Document, Fact]] = []
    for doc in documents:
        for fact in doc.facts:
            if fact.subject:
                fact.subject = names.get(fact.subject, fact.subject)
            items.append((doc, fact))
    groups: dict[tuple, list[tuple[Document, Fact]]] = defaultdict(list)
    for doc, fact in items:
        groups[(fact.kind, fact.unit, fact.thing, fact.subject)].append((doc, fact))
    # a fact whose subject the outlet left implicit joins the one group it can belong to
    for key in [k for k in groups if k[3] is None and k[2] is not None]:
        homes = [k for k in groups if k[:3] == key[:3] and k[3] is not None]
        if len(homes) == 1:
            groups[homes[0]].extend(groups.pop(key))
    # ... and so does one whose thing was left implicit, when its value is that fact's
    # ("a six-minute message" ... "six minutes and 30 seconds")
    for key in [k for k in groups if k[2] is None]:
        homes = [k for k in groups if k[2] is not None and k[:2] == key[:2] and key[3] in (None, k[3])
                 and all(_close(f.value, g.value, key[0]) for _, f in groups[k] for _, g in groups[key])]
        if len(homes) == 1:
            groups[homes[0]].extend(groups.pop(key))
    out = []
    for (kind, unit, thing, subject), members in groups.items():
        partitions: list[list[tuple[Document, Fact]]] = []
        for doc, fact in members:
            for part in partitions:
                if _close(part[0][1].value, fact.value, kind):
                    part.append((doc, fact))
                    break
            else:
                partitions.append([(doc, fact)])
        docs_per_part = [{d.id for d, _ in part} for part in partitions]
        shared_doc = any(a & b for i, a in enumerate(docs_per_part) for b in docs_per_part[i + 1:])
        others = [set().union(*(set(f.others) for _, f in part)) for part in partitions]
        compatible = all(not a or not b or a & b for i, a in enumerate(others) for b in others[i + 1:])
        conflict = len(partitions) > 1 and not shared_doc and compatible \
            and (subject is not None or thing is not None)
        for index, part in enumerate(partitions):
            order = {d.id: i for i, d in enumerate(documents)}
            doc_ids = sorted({d.id for d, _ in part}, key=order.get)
            best = max(part, key=lambda m: len(m[1].text))[1]
            entry = {
                "kind": kind, "value": best.value, "unit": unit, "subject": subject,
                "thing": thing, "text": best.text, "documents": doc_ids,
                "agreement": "conflict" if conflict else ("corroborated" if len(doc_ids) > 1 else "single"),
                "mentions": [{"document": d.id, "start": f.start, "end": f.end, "text": f.text,
                              "value": f.value} for d, f in part],
            }
            if conflict:
                entry["conflicts_with"] = [p[0][1].value for j, p in enumerate(partitions) if j != index]
            out.append(entry)
    rank = {"conflict": 0, "corroborated": 1, "single": 2}
    out.sort(key=lambda f: (rank[f["agreement"]], f["kind"], str(f["subject"]), f["mentions"][0]["start"]))
    for i, fact in enumerate(out, 1):
        fact["id"] = f"f{i}"
    return out


def _content(text: str) -> set[str]:
    from .align import FUNCTION_WORDS
    return {w for w in re.findall(r"[a-z]+", text.lower()) if w not in FUNCTION_WORDS and len(w) > 2}


def build_timeline(documents: list[Document], names: dict[str, str]) -> list[dict]:
    """Dated events of the story, one entry per event however many outlets report it."""
    entries: list[dict] = []
    for doc in documents:
        for date in doc.dates:
            if not date.value or not date.event:
                continue
            subject = names.get(date.subject, date.subject) if date.subject else None
            words = _content(date.event)
            evidence = {"document": doc.id, "start": date.start, "end": date.end, "text": date.text}
            if date.sentence:
                s, e = date.sentence
                evidence.update(start=s, end=e, text=doc.text[s:e].strip())
                evidence["start"] = s + (len(doc.text[s:e]) - len(doc.text[s:e].lstrip()))
                evidence["end"] = evidence["start"] + len(evidence["text"])
            for entry in entries:
                if entry["date"] != date.value or doc.id in entry["documents"]:
                    continue
                if (subject and subject == entry["_subject"]) or (words & entry["_words"]):
                    entry["documents"].append(doc.id)
                    entry["evidence"].append(evidence)
                    entry["_words"] |= words
                    break
            else:
                entries.append({"date": date.value, "event": date.event, "documents": [doc.id],
                                "evidence": [evidence], "_subject": subject, "_words": words})
    for entry in entries:
        del entry["_subject"], entry["_words"]
    entries.sort(key=lambda e: e["date"])
    return entries


def coverage(documents: list[Document], utterances, facts: list[dict], timeline: list[dict]) -> list[dict]:
    """For each document: what it carries of the story and what others carry that it omits."""
    rows = []
    for doc in documents:
        def split(items, key):
            have = [key(x) for x in items if doc.id in _docs(x)]
            missing = [key(x) for x in items if doc.id not in _docs(x)]
            return have, missing
        u_have, u_missing = split(utterances, lambda u: u.id)
        f_have, f_missing = split(facts, lambda f: f["id"])
        t_have, t_missing = split(timeline, lambda t: f"{t['date']} {t['event']}")
        rows.append({"document": doc.id, "utterances": u_have, "utterances_missing": u_missing,
                     "facts": f_have, "facts_missing": f_missing,
                     "timeline": t_have, "timeline_missing": t_missing})
    return rows


def _docs(item) -> set[str]:
    if isinstance(item, dict):
        return set(item["documents"])
    return {m.document for m in item.mentions}


_ABBREVIATIONS = ("No", "Nos", "Mr", "Mrs", "Ms", "Dr", "St", "Jr", "Sr", "vs", "Gen", "Gov", "Sen",
                  "Rep", "Sgt", "Lt", "Capt", "Inc", "Co", "Corp", "Mt", "Ft", "Prof", "Rev", "U.S")
# A sentence ends at . ! ? before a capital or a digit, but not after an abbreviation
# ("No. 1", "Dr. Benjamin") or an initial ("Lewis J. Liman").
_SENTENCE = re.compile(r"\S.*?(?:" + "".join(rf"(?<!\b{a})" for a in _ABBREVIATIONS)
                       + r"(?<!\b[A-Z])[.!?]+[\"”’)]*(?=\s+[\"“‘(]?[A-Z0-9])|$)", re.M)


_TOKEN = re.compile(r"(?u)\b\w\w+\b")  # words of two or more characters


def _row_sums(values, indptr):
    """Per-row sums of CSR values (0 for an empty row)."""
    import numpy as np

    sums = np.zeros(len(indptr) - 1)
    nonempty = np.diff(indptr) > 0
    if nonempty.any():
        sums[nonempty] = np.add.reduceat(values, indptr[:-1][nonempty])
    return sums


def _tfidf(texts: list[str]):
    """Unit-length TF-IDF rows of `texts` as CSR arrays (data, indices, indptr) and the
    vocabulary size: English stop words dropped, sublinear tf (1 + ln tf), smoothed idf
    (ln((1 + n) / (1 + df)) + 1), the weighting of scikit-learn's
    TfidfVectorizer(stop_words="english", sublinear_tf=True) that this replaces (so that
    no retold start pays for importing scikit-learn)."""
    import numpy as np

    vocabulary: dict[str, int] = {}
    rows = []
    for text in texts:
        counts = Counter(w for w in _TOKEN.findall(text.lower()) if w not in ENGLISH_STOP_WORDS)
        rows.append({vocabulary.setdefault(w, len(vocabulary)): c for w, c in counts.items()})
    lengths = np.array([len(r) for r in rows], dtype=np.int64)
    indptr = np.concatenate(([0], np.cumsum(lengths)))
    indices = np.fromiter((i for r in rows for i in r), dtype=np.int64, count=int(indptr[-1]))
    tf = np.fromiter((c for r in rows for c in r.values()), dtype=np.float64, count=int(indptr[-1]))
    idf = np.log((1 + len(texts)) / (1 + np.bincount(indices, minlength=len(vocabulary)))) + 1
    data = (1 + np.log(tf)) * idf[indices]
    norms = np.sqrt(_row_sums(data ** 2, indptr))  # > 0 for every row with a word
    data /= np.repeat(norms, lengths)
    return data, indices, indptr, len(vocabulary)


def _cosines(data, indices, indptr, vector):
    """Cosine of every unit-length (or empty) CSR row with a dense vector."""
    import numpy as np

    norm = np.sqrt(vector @ vector)
    if norm == 0:
        return np.zeros(len(indptr) - 1)
    return _row_sums(data * vector[indices], indptr) / norm


def summarize(documents: list[Document], n: int = 5) -> list[dict]:
    """An extractive summary: the sentences most central to the story across outlets,
    near-duplicates dropped, each citing its document and offsets, in story order.
    Centrality is the TF-IDF cosine to the story's centroid (plus a bonus for a
    document's first sentences); a sentence more than 0.5 alike to one chosen is not
    taken (maximal marginal relevance)."""
    import numpy as np

    sentences = []
    for rank, doc in enumerate(documents):
        for position, m in enumerate(_SENTENCE.finditer(doc.text)):
            text = m.group().strip()
            if len(text.split()) < 6:
                continue
            start = m.start() + (len(m.group()) - len(m.group().lstrip()))
            sentences.append((doc, start, start + len(text), text, position))
    if not sentences:
        return []
    data, indices, indptr, size = _tfidf([s[3] for s in sentences])
    if not size:
        return []  # only stop words
    centroid = np.bincount(indices, weights=data, minlength=size) / len(sentences)
    centrality = _cosines(data, indices, indptr, centroid)
    similar: dict[int, np.ndarray] = {}  # a chosen sentence's cosine to every sentence

    def row(j):
        vector = np.zeros(size)
        vector[indices[indptr[j]:indptr[j + 1]]] = data[indptr[j]:indptr[j + 1]]
        return vector

    scores = [c + 0.15 / (1 + s[4]) for c, s in zip(centrality, sentences)]
    chosen: list[int] = []
    while len(chosen) < n:
        best, best_score = None, None
        for i, score in enumerate(scores):
            if i in chosen:
                continue
            redundancy = max((similar[j][i] for j in chosen), default=0.0)
            if redundancy > 0.5:
                continue
            mmr = 0.7 * score - 0.3 * redundancy
            if best_score is None or mmr > best_score:
                best, best_score = i, mmr
        if best is None:
            break
        chosen.append(best)
        similar[best] = _cosines(data, indices, indptr, row(best))
    out = []
    for i in sorted(chosen, key=lambda i: (documents.index(sentences[i][0]), sentences[i][1])):
        doc, start, end, text, _ = sentences[i]
        speakers = sorted({q.speaker for q in doc.quotes
                           if q.speaker and q.start < end and start < q.end})
        out.append({"document": doc.id, "start": start, "end": end, "text": text,
                    "speakers": speakers})
    return out
