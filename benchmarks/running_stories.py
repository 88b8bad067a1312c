"""A benchmark fixture of running stories: dated articles from several outlets about
successive events with the same actors (a shutdown begins, a deal, an emergency three
weeks later), and unrelated events in the same weeks, one of them led by an actor of a
running story.

How it is made: every sentence below was written for this benchmark (invented places,
people and organisations). Each event has three leads and four body sentences; outlet
k's article is lead k followed by the body sentences rotated by k (three of them), and,
for an event after a storyline's first, a background sentence recalling the earlier
event, as news reports do. Outlets publish on the event's day or up to two days later.
`articles()` returns the articles with their gold event and storyline.
"""
from __future__ import annotations

import datetime as dt

OUTLETS = ("Daily Ledger", "Metro Wire", "Capitol Post")

# storyline -> events (id, date, background recalled by later events, leads, body)
STORYLINES: dict[str, list[dict]] = {
    "norland_shutdown": [
        {"id": "shutdown_begins", "date": "2025-01-03",
         "recall": "The shutdown began on January 3 after Governor Alma Reyes and Senate leader Tom Hadley failed to agree on a budget.",
         "leads": [
             "Norland's state government shut down on Friday after Governor Alma Reyes and Senate leader Tom Hadley failed to agree on a budget before the midnight deadline.",
             "State offices across Norland closed their doors on Friday as a budget standoff between Governor Alma Reyes and Senate leader Tom Hadley forced a shutdown.",
             "Thousands of Norland state workers were sent home on Friday, the first day of a government shutdown that Governor Alma Reyes blamed on Senate leader Tom Hadley.",
         ],
         "body": [
             "Parks, motor vehicle offices and the state lottery stopped operating at midnight.",
             "Reyes said Hadley's plan would cut school funding by 300 million dollars and that she would not sign it.",
             "Hadley accused the governor of refusing to negotiate and said the Senate would stay in session through the weekend.",
             "About 28,000 state employees were told not to report to work until a budget is passed.",
         ]},
        {"id": "shutdown_deal", "date": "2025-01-20",
         "recall": "Norland's government had been shut since January 3, when a budget standoff closed state offices.",
         "leads": [
             "Governor Alma Reyes and Senate leader Tom Hadley reached a budget deal on Monday, ending Norland's 17-day government shutdown.",
             "Norland's shutdown ended on Monday when Governor Alma Reyes signed a compromise budget negotiated overnight with Senate leader Tom Hadley.",
             "A late-night compromise between Governor Alma Reyes and Senate leader Tom Hadley reopened Norland's state government on Monday.",
         ],
         "body": [
             "The deal restores most school funding and delays a planned tax rebate by one year.",
             "Hadley said both sides had given ground and called the agreement a win for taxpayers.",
             "State workers will return on Tuesday and receive back pay for the days they missed.",
             "The Senate approved the budget 31 to 18 shortly after 2 a.m., and the House followed within hours.",
         ]},
        {"id": "shutdown_emergency", "date": "2025-02-10",
         "recall": "The 17-day shutdown ended on January 20 with a budget deal between Reyes and Hadley.",
         "leads": [
             "Governor Alma Reyes declared a state of emergency on Monday over a backlog of unpaid Medicaid claims left by Norland's government shutdown, drawing criticism from Senate leader Tom Hadley.",
             "Norland Governor Alma Reyes used emergency powers on Monday to speed payments to hospitals still owed money from the shutdown, a move Senate leader Tom Hadley called an overreach.",
             "A state of emergency declared by Governor Alma Reyes on Monday lets Norland pay hospitals without Senate approval, angering Senate leader Tom Hadley.",
         ],
         "body": [
             "Hospitals say they are owed 140 million dollars in Medicaid claims that went unprocessed during the shutdown.",
             "The emergency order allows the health department to hire temporary claims staff for 90 days.",
             "Hadley said the governor was using the emergency to spend money the legislature never approved.",
             "Two rural hospitals warned they could miss payroll by the end of the month without the payments.",
         ]},
    ],
    "lund_emails": [
        {"id": "emails_reported", "date": "2025-03-04",
         "recall": "Lund's use of a private email account for city business was first reported on March 4.",
         "leads": [
             "Mayor Victor Lund of Brayford used a private email account to discuss a harbor contract with a developer, messages obtained by reporters show.",
             "Brayford Mayor Victor Lund conducted city business through a private email account, including talks over a harbor redevelopment contract, according to messages seen by reporters.",
             "Private emails show Brayford Mayor Victor Lund discussing the harbor contract with developer Kestrel Group outside the city's official system.",
         ],
         "body": [
             "The messages, sent over eight months, include Lund asking Kestrel Group executives about the timing of their bid.",
             "A spokeswoman for Lund said the mayor had done nothing wrong and had used the account for convenience.",
             "City rules require officials to keep public business on official accounts so that records can be requested.",
             "Kestrel Group won the 60 million dollar harbor contract in November.",
         ]},
        {"id": "emails_committee", "date": "2025-04-02",
         "recall": "Reports in March showed Lund used a private email account to discuss the harbor contract with Kestrel Group.",
         "leads": [
             "The Brayford city council's ethics committee on Wednesday asked Mayor Victor Lund to hand over every private email about the harbor contract within 30 days.",
             "Mayor Victor Lund must turn over his private emails about the harbor redevelopment to the ethics committee, the Brayford council panel decided on Wednesday.",
             "Brayford's ethics committee voted 5 to 2 on Wednesday to demand Mayor Victor Lund's private emails on the Kestrel Group harbor deal.",
         ],
         "body": [
             "Committee chair Nadia Osei said the panel needed the full record to decide whether city rules were broken.",
             "Lund's lawyer said the mayor would cooperate but questioned whether the committee had the power to compel him.",
             "The committee also asked Kestrel Group to preserve its correspondence with the mayor's office.",
             "If Lund refuses, the council could refer the matter to the state attorney general.",
         ]},
        {"id": "emails_testimony", "date": "2025-04-24",
         "recall": "The ethics committee demanded Lund's private emails on April 2.",
         "leads": [
             "Mayor Victor Lund told Brayford's ethics committee on Thursday that he never promised Kestrel Group the harbor contract, in four hours of testimony about his private emails.",
             "Testifying before the ethics committee on Thursday, Brayford Mayor Victor Lund apologised for using a private email account but denied steering the harbor contract.",
             "Victor Lund, the mayor of Brayford, faced the council's ethics committee on Thursday and insisted his private emails with Kestrel Group were routine.",
         ],
         "body": [
             "Lund said he had handed over 212 messages and that none showed him influencing the bid.",
             "Committee chair Nadia Osei pressed the mayor on a message in which he told a Kestrel executive to be patient.",
             "The committee will meet again in May to decide whether to censure the mayor.",
             "Several residents waited outside the chamber holding signs calling for Lund to resign.",
         ]},
    ],
    "corvane_strike": [
        {"id": "strike_begins", "date": "2025-05-12",
         "recall": "Workers at Corvane Motors walked out on May 12 after the union rejected the company's wage offer.",
         "leads": [
             "About 4,000 workers at Corvane Motors' Eastvale plant went on strike on Monday after their union rejected a wage offer.",
             "The Allied Machinists union called a strike at Corvane Motors' Eastvale assembly plant on Monday, halting production of the company's pickup trucks.",
             "Corvane Motors workers walked off the job in Eastvale on Monday, the first strike at the carmaker in 22 years, union leader Rosa Delgado said.",
         ],
         "body": [
             "Union leader Rosa Delgado said the company's offer of a 3 percent raise did not keep up with prices.",
             "Corvane chief executive Paul Strand said the offer was fair and that the plant must stay competitive.",
             "Picket lines formed at all four gates of the plant before dawn.",
             "The Eastvale plant builds about 900 trucks a day.",
         ]},
        {"id": "strike_talks_collapse", "date": "2025-05-30",
         "recall": "The strike at Corvane Motors' Eastvale plant began on May 12.",
         "leads": [
             "Talks to end the strike at Corvane Motors collapsed on Friday, union leader Rosa Delgado said, as the walkout at the Eastvale plant entered its third week.",
             "Corvane Motors and the Allied Machinists union broke off negotiations on Friday with no new talks scheduled, prolonging the Eastvale strike.",
             "Negotiations between Corvane Motors chief executive Paul Strand and union leader Rosa Delgado ended without a deal on Friday.",
         ],
         "body": [
             "Delgado said the company had refused to move on pensions for newer workers.",
             "Strand said Corvane had raised its wage offer to 5 percent and that the union had walked away.",
             "Suppliers near the plant have begun laying off workers because of the shutdown of the line.",
             "A federal mediator said she would try to bring both sides back to the table next week.",
         ]},
        {"id": "strike_ends", "date": "2025-06-16",
         "recall": "Talks to end the Corvane strike had collapsed on May 30.",
         "leads": [
             "Corvane Motors workers voted on Monday to ratify a new contract, ending a five-week strike at the Eastvale plant, union leader Rosa Delgado said.",
             "The Eastvale strike is over: members of the Allied Machinists approved a contract with Corvane Motors on Monday by a wide margin.",
             "Production will resume at Corvane Motors' Eastvale plant after union members ratified a deal that union leader Rosa Delgado called historic.",
         ],
         "body": [
             "The contract raises wages by 11 percent over four years and restores pensions for newer workers.",
             "Corvane chief executive Paul Strand said the company was glad to have its workers back.",
             "Seventy-eight percent of voting members backed the agreement.",
             "The first trucks are expected to leave the line again on Thursday.",
         ]},
    ],
    # unrelated events in the same weeks: one led by a running story's actor (Reyes), one
    # about a strike elsewhere, one with no actor in common with anything
    "reyes_bridge": [
        {"id": "bridge_opens", "date": "2025-01-28",
         "recall": "",
         "leads": [
             "Governor Alma Reyes opened the new Millbrook River bridge on Tuesday, two years after the old crossing was closed as unsafe.",
             "The Millbrook River bridge opened to traffic on Tuesday as Governor Alma Reyes cut the ribbon on the 90 million dollar span.",
             "Drivers crossed the Millbrook River on the new bridge for the first time on Tuesday after Governor Alma Reyes opened it.",
         ],
         "body": [
             "The old steel truss bridge was closed in 2023 after inspectors found corroded beams.",
             "Commuters had faced a detour of 20 miles while the replacement was built.",
             "The new span has four lanes, a cycle path and a walkway for pedestrians.",
             "Engineers expect the concrete bridge to last a hundred years.",
         ]},
    ],
    "port_strike": [
        {"id": "port_strike", "date": "2025-05-20",
         "recall": "",
         "leads": [
             "Dock workers at the port of Saltmere walked out on Tuesday, stranding 30 container ships offshore, the Harbour Workers Guild said.",
             "A strike by the Harbour Workers Guild shut the port of Saltmere on Tuesday, leaving container ships waiting at anchor.",
             "Cranes stood still at the port of Saltmere on Tuesday as guild secretary Owen Price led dock workers out over automation plans.",
         ],
         "body": [
             "Guild secretary Owen Price said the port authority planned to replace crane operators with automated systems.",
             "The port authority said automation would not cost any jobs for at least five years.",
             "Importers warned that shelves could empty within a week if the port stays closed.",
             "Saltmere handles about a third of the region's container traffic.",
         ]},
    ],
    "observatory": [
        {"id": "comet_found", "date": "2025-03-20",
         "recall": "",
         "leads": [
             "Astronomers at the Ferris Peak observatory have discovered a comet that will pass close enough to be seen without a telescope next spring.",
             "A comet found by the Ferris Peak observatory should be visible to the naked eye in April next year, astronomers said on Thursday.",
             "Ferris Peak astronomer Lina Moreau spotted a new comet on images taken last week, the observatory announced on Thursday.",
         ],
         "body": [
             "Moreau said the comet's orbit brings it within 40 million kilometres of Earth.",
             "The comet is currently beyond the orbit of Jupiter and very faint.",
             "Amateur astronomers have already confirmed the discovery with their own images.",
             "The observatory plans public viewing nights when the comet is brightest.",
         ]},
    ],
}


def articles() -> list[dict]:
    """The benchmark's articles: {id, outlet, published, text, event, storyline}."""
    out = []
    for storyline, events in STORYLINES.items():
        for n, event in enumerate(events):
            day = dt.date.fromisoformat(event["date"])
            body = event["body"]
            for k, outlet in enumerate(OUTLETS):
                sentences = [event["leads"][k]] + (body[k:] + body[:k])[:3]
                if n:
                    sentences.insert(2, events[n - 1]["recall"])
                out.append({"id": f"{event['id']}_{k + 1}", "outlet": outlet,
                            "published": (day + dt.timedelta(days=k)).isoformat(),
                            "text": " ".join(sentences), "event": event["id"], "storyline": storyline})
    return out


if __name__ == "__main__":
    import json
    import sys

    for a in articles():
        sys.stdout.write(json.dumps(a, ensure_ascii=False) + "\n")
