"""Ranking quality over the five corpus documents: MRR and nDCG@10 on judged queries.

Each query lists its relevant passages by a distinctive substring of their text, with a
grade (2: answers the query, 1: related) and why. Run with `-s` to see the figures:

    .venv/bin/pytest tests/index/test_relevance.py -s
"""

from __future__ import annotations

import math

from pockg.index import search
from tests.index import indexed_corpus

MRR_FLOOR = 0.7
NDCG_FLOOR = 0.7

# query -> {substring of a relevant passage: grade}; the comment says why it is relevant.
JUDGEMENTS: dict[str, dict[str, int]] = {
    # the 2013 tool's "Information Sharing" interaction, and the Afghanistan experience
    "information sharing with the UN mission": {
        "a direct line of communication with the mission is esta": 2,
        "When sharing information, the Protection Cluster should ensure confidentiality": 2,
        "these information-sharing protocols could include": 2,
        "Information sharing. A key factor enabling engagement": 2,
        "which may be shared with UN missions to ensure a shared unde": 1,
    },
    # the DPKO/DFS framework's early warning element
    "early warning and response system": {"Early warning and response systems: Setting up": 2},
    # the 2020 forum's points on community-based protection
    "community self-protection": {
        "strengthening and building on good practice in terms of local and community": 2,
        "How to build on community self-protection mechanisms": 2,
    },
    # an OCHA CMCoord dialogue task
    "humanitarian notification system": {"Establish humanitarian notification systems": 2},
    # an OCHA CMCoord analysis task
    "tracking civilian casualties": {"systems designed for tracking civilian casualties": 2},
    # the Afghanistan cluster's proposal
    "joint contingency planning": {"Contingency Planning on PoC, together": 2},
    # the risk formula of the framework
    "POC risk threats and vulnerabilities": {"POC risks = Threats": 2},
    # the Mali example of influencing headquarters
    "MINUSMA mandate renewal": {"renewal of the MINUSMA mandate": 2},
    # the definition of last resort for military assets
    "last resort use of military assets": {"describe 'last resort' as": 2},
    # the centrality of protection in humanitarian action
    "centrality of protection": {
        "place protection at the centre of humanitarian action": 2,
        "Principals Statement on the Centrality of Protection": 1,
    },
    # OCHA CMCoord stakeholder mapping
    "stakeholder mapping of armed actors": {"Conduct a stakeholder analysis and mapping": 2},
    # when soldiers and police may attend cluster meetings
    "military personnel attending protection cluster meetings": {
        "direct participation in Protection Cluster meetings": 2,
    },
    # the child protection advisers of missions
    "child protection advisors in missions": {"Child Protection Advisors": 2},
    # engagement with armed groups in the strategy consultations
    "engaging non-state armed groups": {"Engaging non-state armed groups on protection": 2},
    # the do-no-harm lens of access negotiations
    "do no harm in access negotiations": {"Ensure a Do No Harm approach": 2},
    # camps, evacuations and screening
    "camp closures and civilian evacuations": {"camp closures, civilian evacuations": 2},
    # CMCoord officers as go-betweens with the military
    "CMCoord officers help identify military interlocutors": {
        "can be a valuable resource in identifying or communicating with military": 2,
    },
    # the Secretary-General's bulletin on IHL
    "Secretary-General bulletin on international humanitarian law": {
        "Bulletin on the Observance by United Nations Forces of IHL": 2,
        "1999 bulletin on observance by UN forces of international humanitarian law": 2,
    },
    # the ICRC's advice to know the parties to conflict
    "understanding parties to the conflict": {"understanding the conflict parties": 2},
    # the history of the Afghanistan relationship
    "working relationship with the mission in Afghanistan": {
        "historic ups and downs in the working relationships on PoC in Afghanistan": 2,
    },
    # the compliance clause of a POC strategy
    "is the POC strategy mandatory for staff": {
        "compliance with the strategy is mandatory for all relevant staff": 2,
    },
    # Mali's community-based mechanisms
    "community-based protection mechanisms in Mali": {
        "work through these community-based mechanisms": 2,
    },
    # OCHA's role, asked with the spelled-out name (alias synonym)
    "role of the Office for the Coordination of Humanitarian Affairs in protection": {
        "role in protection": 2,
    },
    # removing caveats of troop contributors
    "national caveats of troop contributing countries": {
        "possible removal of national caveats": 2,
        "F. Analysis of mission capacities, resources and national caveats": 1,
    },
    # human rights advisers and information sharing in Nigeria
    "human rights advisers in military units": {"Human Rights advisors in military units": 2},
}


def ranked_grades(query: str, judged: dict[str, int]) -> list[int]:
    """Return the grade of each of the top ten hits (a judged passage counts once)."""
    remaining = dict(judged)
    grades = []
    for hit in search(indexed_corpus(), query, limit=10).hits:
        match = next((s for s in remaining if s.lower() in hit.text.lower()), None)
        grades.append(remaining.pop(match) if match else 0)
    return grades


def reciprocal_rank(grades: list[int]) -> float:
    return next((1 / rank for rank, grade in enumerate(grades, 1) if grade), 0.0)


def ndcg_at_10(grades: list[int], judged: dict[str, int]) -> float:
    def dcg(values: list[int]) -> float:
        return sum(float(2**g - 1) / math.log2(rank + 1) for rank, g in enumerate(values[:10], 1))

    return dcg(grades) / dcg(sorted(judged.values(), reverse=True))


def test_relevance_mrr_and_ndcg_above_floor() -> None:
    assert len(JUDGEMENTS) >= 20
    rows = []
    for query, judged in JUDGEMENTS.items():
        grades = ranked_grades(query, judged)
        rows.append((query, reciprocal_rank(grades), ndcg_at_10(grades, judged)))
    mrr = sum(r[1] for r in rows) / len(rows)
    ndcg = sum(r[2] for r in rows) / len(rows)
    for query, rr, gain in rows:
        print(f"{rr:5.2f} {gain:5.2f}  {query}")
    print(f"{len(rows)} queries: MRR {mrr:.3f}, nDCG@10 {ndcg:.3f}")
    assert mrr >= MRR_FLOOR
    assert ndcg >= NDCG_FLOOR
