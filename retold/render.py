"""present: records -> text for a terminal (Rich) and Markdown; the JSON contract is
the library's (retold/contract.py), re-exported here for the presentation layer."""
from __future__ import annotations

from .contract import document_dict, quote_dict, story_dict, storyline_dict, to_dict, utterance_dict
from .models import Analysis, Story

__all__ = ["document_dict", "quote_dict", "render_text", "story_dict", "storyline_dict", "to_dict",
           "to_markdown", "utterance_dict"]


# -- text -----------------------------------------------------------------------------
_STYLE = {"censored": "bold magenta", "contraction": "cyan", "reworded": "bold yellow",
          "added": "bold green"}


def _version_text(text: str, start: int, end: int, changes: list[dict]):
    from rich.text import Text

    out = Text()
    at = start
    for ch in sorted(changes, key=lambda c: (c["start"], c["end"])):
        if ch["start"] < at:
            continue
        out.append(text[at:ch["start"]])
        at = ch["start"]
        if ch["kind"] == "trimmed":
            out.append("…" if ch["start"] == start else " …", style="dim")
        elif ch["kind"] in ("cut", "ellipsis"):
            out.append(f" [{'…' if ch['kind'] == 'ellipsis' else '−'}{ch['fullest']}] ",
                       style="red strike")
        else:
            out.append(text[ch["start"]:ch["end"]], style=_STYLE.get(ch["kind"], "bold"))
            at = ch["end"]
    out.append(text[at:end])
    return out


def render_text(analysis: Analysis, console) -> None:
    """Per story: its documents, then each utterance with every outlet's version."""
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    docs = {d.id: d for d in analysis.documents}
    for story in analysis.stories:
        console.print(Panel(Text(story.title, style="bold"),
                            title=f"story {story.id}", subtitle=f"{len(story.documents)} document(s)"))
        table = Table(show_header=True, header_style="bold", box=None)
        for col in ("document", "outlet", "published", "quotes", "title / opening"):
            table.add_column(col, overflow="fold")
        for doc_id in story.documents:
            d = docs[doc_id]
            table.add_row(d.id, d.outlet or "—", d.published or "—", str(len(d.quotes)),
                          (d.title or d.text.split("\n", 1)[0])[:80])
        console.print(table)
        people = [e for e in story.entities if e.type == "PERSON"]
        if people:
            console.print(Text("People: ", style="bold") + Text("; ".join(
                e.name + (f" ({', '.join(e.aliases)})" if e.aliases else "") for e in people[:8])))
        console.print()
        _render_summary(story, console)
        _render_facts(story, console)
        _render_timeline(story, console)
        _render_coverage(story, docs, console)
        if story.utterances:
            console.print(Text("Who said what", style="bold underline"))
        for u in story.utterances:
            speaker = u.speaker or "unattributed"
            outlets = sorted({m.document for m in u.mentions})
            head = Text(f"{speaker}", style="bold cyan")
            head.append(f"  ({len(outlets)} document{'s' if len(outlets) != 1 else ''})", style="dim")
            console.print(head)
            grid = Table(show_header=True, header_style="dim", box=None, expand=True, padding=(0, 1))
            for m in u.mentions:
                d = docs[m.document]
                q = next((q for q in d.quotes if q.id == m.quote), None)
                via = f" via {q.via}" if q and q.via else ""
                grid.add_column(f"{m.document}{via}", ratio=1, overflow="fold")
            grid.add_row(*[_version_text(docs[m.document].text, m.start, m.end, m.changes)
                           for m in u.mentions])
            console.print(grid)
            console.print()
    _render_storylines(analysis, console)
    for f in analysis.failures:
        console.print(Text(f"error: {f.source}: {f.message}", style="red"))


def _render_storylines(analysis: Analysis, console) -> None:
    """Storylines of more than one event (a story shown alone: its storyline, if any)."""
    from rich.text import Text

    titles = {s.id: s.title for s in analysis.stories}
    lines = [s for s in analysis.storylines if len(s.stories) > 1]
    if not lines:
        return
    console.print(Text("Storylines", style="bold underline"))
    for line in lines:
        console.print(Text(f"{line.id}: {line.title}", style="bold")
                      + Text(f"  ({len(line.stories)} events, {line.first or '—'} … {line.last or '—'})", style="dim"))
        for sid in line.stories:
            console.print(Text(f"  • {sid}" + (f"  {titles[sid]}" if sid in titles else "")))
    console.print()


def _value(fact: dict) -> str:
    value, unit = fact["value"], fact["unit"]
    if fact["kind"] == "money":
        for scale, word in ((1e9, "billion"), (1e6, "million"), (1e3, "thousand")):
            if abs(value) >= scale:
                return f"{value / scale:g} {word} {unit}"
        return f"{value:g} {unit}"
    if fact["kind"] == "duration":
        seconds = float(value)
        for size, word in ((31557600, "years"), (86400, "days"), (3600, "hours"), (60, "minutes")):
            if seconds >= size:
                return f"{seconds / size:.3g} {word}"
        return f"{seconds:g} seconds"
    return f"{value:g} {unit}"


def _render_summary(story: Story, console) -> None:
    from rich.text import Text

    if not story.summary:
        return
    console.print(Text("Summary", style="bold underline"))
    for s in story.summary:
        line = Text("• " + s["text"])
        line.append(f"  [{s['document']}]", style="dim")
        console.print(line)
    console.print()


def _section(title: str, columns):
    """A titled, borderless table for one section of a story."""
    from rich.table import Table

    table = Table(title=title, title_justify="left", title_style="bold underline", box=None)
    for col in columns:
        table.add_column(col, overflow="fold")
    return table


def _render_facts(story: Story, console) -> None:
    if not story.facts:
        return
    table = _section("Facts", ("agreement", "kind", "subject", "value", "as written", "documents"))
    styles = {"conflict": "bold red", "corroborated": "green", "single": "dim"}
    for f in story.facts:
        agreement = f["agreement"].upper() if f["agreement"] == "conflict" else f["agreement"]
        table.add_row(agreement, f["kind"], f["subject"] or "—", _value(f), f["text"],
                      ", ".join(f["documents"]), style=styles[f["agreement"]])
    console.print(table)
    console.print()


def _render_timeline(story: Story, console) -> None:
    if not story.timeline:
        return
    table = _section("Timeline", ("date", "event", "documents"))
    for t in story.timeline:
        table.add_row(t["date"], t["event"], ", ".join(t["documents"]))
    console.print(table)
    console.print()


def _render_coverage(story: Story, docs, console) -> None:
    if len(story.documents) < 2:
        return
    table = _section("Coverage (carried / omitted that others carry)",
                     ("document", "utterances", "facts", "timeline"))
    for row in story.coverage:
        table.add_row(row["document"],
                      *(f"{len(row[k])} / {len(row[k + '_missing'])}" for k in ("utterances", "facts", "timeline")))
    console.print(table)
    console.print()


def to_markdown(analysis: Analysis) -> str:
    """A story as Markdown: summary, facts, timeline and who said what, with sources."""
    lines = []
    docs = {d.id: d for d in analysis.documents}
    for story in analysis.stories:
        lines += [f"# {story.title}", "", f"Story `{story.id}`, {len(story.documents)} document(s): "
                  + ", ".join(f"`{d}`" + (f" ({docs[d].outlet})" if docs[d].outlet else "") for d in story.documents), ""]
        if story.summary:
            lines += ["## Summary", ""] + [f"- {s['text']} [`{s['document']}`]" for s in story.summary] + [""]
        if story.facts:
            lines += ["## Facts", "", "| agreement | kind | subject | value | as written | documents |",
                      "| --- | --- | --- | --- | --- | --- |"]
            for f in story.facts:
                lines.append(f"| {f['agreement']} | {f['kind']} | {f['subject'] or '—'} | {_value(f)} | "
                             f"{f['text']} | {', '.join(f['documents'])} |")
            lines.append("")
        if story.timeline:
            lines += ["## Timeline", ""] + [f"- **{t['date']}** {t['event']} ({', '.join(t['documents'])})"
                                            for t in story.timeline] + [""]
        if story.utterances:
            lines += ["## Who said what", ""]
            for u in story.utterances:
                lines.append(f"**{u.speaker or 'unattributed'}**")
                for m in u.mentions:
                    lines.append(f"> {m.text} — `{m.document}`")
                lines.append("")
    return "\n".join(lines)
