"""The generated corpus of the pipeline benchmark: PoC prose from vocabulary pools and templates.

Deterministic for a seed: the same seed gives byte-identical documents, whatever the hash
seed. Used by `bench/pipeline_throughput.py`.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path
from string import Formatter

SEED = 2026
# ---------------------------------------------------------------------------------------------
# The generated corpus: vocabulary pools and sentence templates.

SETTINGS = (  # (country, mission, places)
    ("Mali", "MINUSMA", ("Gao", "Mopti", "Timbuktu", "Kidal", "Ménaka", "the Inner Niger Delta")),
    ("South Sudan", "UNMISS", ("Juba", "Malakal", "Bentiu", "Bor", "Wau", "Upper Nile State")),
    (
        "the Democratic Republic of the Congo",
        "MONUSCO",
        ("North Kivu", "Ituri", "Beni", "Goma", "Bunia", "South Kivu"),
    ),
    ("the Central African Republic", "MINUSCA", ("Bangui", "Bria", "Kaga-Bandoro", "Bambari")),
    ("Sudan", "UNAMID", ("Darfur", "El Fasher", "Nyala", "Jebel Marra", "El Geneina")),
    ("Haiti", "MINUSTAH", ("Port-au-Prince", "Cité Soleil", "Les Cayes", "Gonaïves")),
    ("Côte d'Ivoire", "UNOCI", ("Abidjan", "Duékoué", "the western region", "Man")),
    ("Liberia", "UNMIL", ("Monrovia", "Grand Gedeh County", "Nimba County")),
    ("Lebanon", "UNIFIL", ("southern Lebanon", "Naqoura", "Tyre")),
    ("Afghanistan", "UNAMA", ("Kandahar", "Helmand", "Kunduz", "Herat")),
    ("Somalia", "UNSOM", ("Mogadishu", "Baidoa", "Kismayo", "Beledweyne")),
    ("Iraq", "UNAMI", ("Mosul", "Anbar", "Kirkuk", "Ninewa Governorate")),
)
ORGANISATIONS = (
    "the Office for the Coordination of Humanitarian Affairs (OCHA)",
    "OCHA",
    "the Office of the United Nations High Commissioner for Refugees (UNHCR)",
    "UNHCR",
    "UNICEF",
    "the Norwegian Refugee Council (NRC)",
    "NRC",
    "the International Committee of the Red Cross (ICRC)",
    "the Danish Refugee Council",
    "OHCHR",
    "the International Organization for Migration (IOM)",
    "UNFPA",
    "the World Food Programme",
    "UNMAS",
    "Save the Children",
    "the International Rescue Committee (IRC)",
    "Oxfam",
    "Médecins Sans Frontières",
    "the Global Protection Cluster (GPC)",
    "Nonviolent Peaceforce",
    "the Center for Civilians in Conflict (CIVIC)",
    "the Department of Peace Operations",
    "UN Women",
    "the Inter-Agency Standing Committee (IASC)",
)
RESOLUTIONS = (
    "1265 (1999)",
    "1296 (2000)",
    "1325 (2000)",
    "1612 (2005)",
    "1674 (2006)",
    "1738 (2006)",
    "1820 (2008)",
    "1894 (2009)",
    "2098 (2013)",
    "2100 (2013)",
    "2149 (2014)",
    "2155 (2014)",
    "2175 (2014)",
    "2222 (2015)",
    "2286 (2016)",
    "2417 (2018)",
    "2573 (2021)",
)
FRAMEWORKS = (
    "the Human Rights Due Diligence Policy",
    "the IASC Policy on Protection in Humanitarian Action",
    "the Centrality of Protection statement",
    "the DPO Policy on the Protection of Civilians",
    "the Oslo Guidelines",
    "the Monitoring and Reporting Mechanism",
    "the Monitoring, Analysis and Reporting Arrangements",
    "the Humanitarian Response Plan",
    "the Integrated Strategic Framework",
    "the mission's protection of civilians strategy",
    "the Guiding Principles on Internal Displacement",
    "the Kampala Convention",
)
ACTORS = (
    "the Protection Cluster",
    "the Humanitarian Country Team",
    "the mission leadership",
    "the Head of Mission",
    "the Humanitarian Coordinator",
    "civil-military coordination officers",
    "Joint Protection Teams",
    "community liaison assistants",
    "the Force Commander",
    "child protection advisers",
    "women protection advisers",
    "national authorities",
    "local civil society organisations",
    "cluster members",
    "the Senior Protection Adviser",
    "humanitarian actors",
    "the Joint Mission Analysis Centre",
    "the Joint Operations Centre",
    "the police component",
    "provincial protection working groups",
)
THREATS = (
    "attacks on civilians",
    "sexual and gender-based violence",
    "forced displacement",
    "the recruitment of children by armed groups",
    "the looting of villages",
    "intercommunal violence",
    "landmines and explosive remnants of war",
    "arbitrary detention",
    "extrajudicial killings",
    "attacks on schools and hospitals",
    "the denial of humanitarian access",
    "abductions along the main roads",
    "cattle raiding",
    "the burning of homes",
    "hate speech on local radio",
)
GROUPS = (
    "internally displaced persons",
    "returnees",
    "women and girls",
    "children",
    "older persons",
    "persons with disabilities",
    "host communities",
    "pastoralist communities",
    "refugees",
    "minority groups",
    "farmers",
    "residents of the protection of civilians sites",
)
ACTIVITIES = (
    "joint assessment missions",
    "protection monitoring",
    "community engagement",
    "information sharing protocols",
    "patrols along the main supply routes",
    "weapons-free zones around the camps",
    "referral pathways for survivors",
    "protection risk analysis",
    "contingency planning",
    "advocacy with the host government",
    "training for local authorities",
    "mine risk education",
    "early warning networks",
    "community alert networks",
    "quick impact projects",
    "dialogue with armed groups",
)
OUTCOMES = (
    "reduced the number of attacks on the road to the market",
    "allowed families to return to their fields",
    "led to a faster response to alerts",
    "improved trust between communities and the mission",
    "helped prevent a further wave of displacement",
    "gave survivors access to medical and legal support",
    "enabled humanitarian convoys to reach remote villages",
    "reduced tensions between herders and farmers",
    "produced a shared map of protection risks",
    "led to the release of several detained children",
)
CHALLENGES = (
    "the lack of a common understanding of protection",
    "high staff turnover in both the mission and the cluster",
    "limited funding for protection activities",
    "the perception that humanitarian actors were aligned with the mission",
    "restrictions on movement imposed by the authorities",
    "the absence of agreed information sharing protocols",
    "language barriers with the affected communities",
    "insecurity on the roads during the rainy season",
    "the weak presence of state institutions outside the capital",
    "competing priorities within the mission's mandate",
    "concerns about the confidentiality of incident data",
    "the short duration of deployments",
)
RECOMMENDED_ACTIONS = (
    "agree on terms of reference for its engagement with the mission",
    "share its protection analysis with the mission on a regular basis",
    "designate a focal point for civil-military coordination",
    "include affected communities in the design of protection activities",
    "develop a joint protection strategy with clear roles and responsibilities",
    "establish a confidential referral system for survivors of violence",
    "map existing community self-protection mechanisms before acting",
    "review information sharing protocols at least once a year",
    "brief incoming military and police contingents on humanitarian principles",
    "monitor the impact of military operations on civilians",
    "advocate for predictable funding of protection monitoring",
    "consult women and girls separately when assessing risks",
    "document good practices and lessons learned for other operations",
)
ADJECTIVES = (
    "precarious",
    "volatile",
    "fragile",
    "deteriorating",
    "critical",
    "unpredictable",
    "tense",
    "alarming",
)
SECTIONS = (
    "Background",
    "Context analysis",
    "Protection risks",
    "Engagement with UN missions",
    "Field practices",
    "Challenges",
    "Lessons learned",
    "Information sharing",
    "Civil-military coordination",
    "Early warning and response",
    "Community-based protection",
    "Monitoring and reporting",
    "Mandate and legal framework",
    "Coordination arrangements",
)
DOCUMENT_TYPES = (
    "Guidance Note",
    "Round-Table Report",
    "Meeting Summary",
    "Diagnostic Tool",
    "Lessons-Learned Review",
    "Field Handbook",
    "Thematic Paper",
)
PUBLISHERS = (
    "Global Protection Cluster",
    "OCHA",
    "Department of Peace Operations",
    "UNHCR",
    "Norwegian Refugee Council",
    "Center for Civilians in Conflict",
)
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

CONTEXT_SENTENCES = (
    "In {country} the protection situation remains {adjective} as {threat} continue to "
    "affect {group} in {place}.",
    "Since {year}, more than {number} {group} have fled {place}, many of them more than once.",
    "Reports from {place} describe {threat} and {threat2}, often committed at night.",
    "{organisation} estimated in {month} {year} that {number} people in {place} needed "
    "protection assistance.",
    "The presence of {mission} in {place} has not prevented {threat}, although patrols have "
    "increased.",
    "Local leaders in {place} told {organisation} that {group} feared {threat2} above all.",
    "The {adjective} security situation in {country} limits what {actor} can do outside "
    "the main towns.",
)
MANDATE_SENTENCES = (
    "Under resolution {resolution}, the Security Council mandated {mission} to protect "
    "civilians under threat of physical violence.",
    "In resolution {resolution} the Council reaffirmed that host states bear the primary "
    "responsibility to protect civilians.",
    "Security Council resolution {resolution} requests missions to develop {activity} with "
    "humanitarian partners.",
    "The mandate of {mission} was renewed in {year}, building on resolutions {resolution} "
    "and {resolution2}.",
    "{framework} applies to all support that {mission} provides to national security forces.",
    "As set out in {framework}, {actor} should assess the risks of {threat} before acting.",
)
PRACTICE_SENTENCES = (
    "In {country}, the Protection Cluster shared its analysis of {threat} with {mission}, "
    "which {outcome}.",
    "In {place}, {organisation} and {mission} set up {activity}, which {outcome}.",
    "{actor} in {place} organised monthly meetings with {organisation} on {activity}; this "
    "{outcome}.",
    "In {month} {year}, {organisation} trained {number} members of {actor} in {activity}, "
    "which {outcome}.",
    "A good practice from {country} is the use of {activity} by {actor}, which {outcome}.",
    "Working with {organisation}, {mission} deployed {activity} to {place} and {outcome}.",
)
CHALLENGE_SENTENCES = (
    "A key challenge was {challenge}.",
    "However, {actor} faced difficulties because of {challenge}.",
    "{challenge_capital} hampered {activity} in {place} throughout {year}.",
    "Participants noted that {challenge} undermined the response to {threat}.",
    "In {country}, {challenge} meant that {group} were rarely consulted.",
    "{organisation} reported that {challenge} delayed {activity}.",
)
RECOMMENDATION_SENTENCES = (
    "The cluster should {action}.",
    "{actor_capital} should {action}.",
    "{mission} should {action}, in consultation with {organisation}.",
    "It is recommended that {actor} {action}.",
    "Humanitarian actors must {action} when working alongside {mission}.",
    "Missions should {action}, as required by resolution {resolution}.",
)
GENERAL_SENTENCES = (
    "{organisation} and {organisation2} co-lead protection coordination in {country}.",
    "{group_capital} in {place} rely on {activity} for early information about {threat}.",
    "The {document_type} draws on consultations held in {place} in {month} {year}.",
    "{actor_capital} and {organisation} meet every {period} to review {activity}.",
    "Protection is the responsibility of all humanitarian actors, not of the cluster alone.",
    "The affected population must be at the centre of any analysis of protection risks.",
    "{organisation} has supported {activity} in {country} since {year}.",
)
PERIODS = ("week", "two weeks", "month", "quarter")
KINDS = {
    "context": CONTEXT_SENTENCES,
    "mandate": MANDATE_SENTENCES,
    "practice": PRACTICE_SENTENCES,
    "challenge": CHALLENGE_SENTENCES,
    "recommendation": RECOMMENDATION_SENTENCES,
    "general": GENERAL_SENTENCES,
}
SECTION_KINDS = {
    "Field practices": "practice",
    "Challenges": "challenge",
    "Lessons learned": "challenge",
    "Mandate and legal framework": "mandate",
    "Context analysis": "context",
    "Protection risks": "context",
}


class ProseGenerator:
    """Deterministic PoC-style documents from a seeded random source."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.footnote = 0

    def sentence(self, kind: str, setting: tuple[str, str, tuple[str, ...]]) -> str:
        """Return one sentence of `kind` about `setting` (country, mission, places)."""
        template = self.rng.choice(KINDS[kind])
        names = dict.fromkeys(name for _, name, _, _ in Formatter().parse(template) if name)
        values = {name: self.slot(name, setting) for name in names}
        text = template.format(**values)
        return text[0].upper() + text[1:]

    def slot(self, name: str, setting: tuple[str, str, tuple[str, ...]]) -> str:
        """Return a value for the template field `name`."""
        country, mission, places = setting
        pick = self.rng.choice
        pools: dict[str, Callable[[], str]] = {
            "country": lambda: country,
            "mission": lambda: mission,
            "place": lambda: pick(places),
            "year": lambda: str(self.rng.randint(2006, 2023)),
            "number": lambda: f"{self.rng.randint(40, 90000):,}",
            "month": lambda: pick(MONTHS),
            "period": lambda: pick(PERIODS),
            "document_type": lambda: pick(DOCUMENT_TYPES).lower(),
        }
        plain = {
            "threat": THREATS,
            "group": GROUPS,
            "organisation": ORGANISATIONS,
            "resolution": RESOLUTIONS,
            "framework": FRAMEWORKS,
            "actor": ACTORS,
            "activity": ACTIVITIES,
            "outcome": OUTCOMES,
            "challenge": CHALLENGES,
            "action": RECOMMENDED_ACTIONS,
            "adjective": ADJECTIVES,
        }
        base = name.removesuffix("_capital").rstrip("2")
        value = pools[base]() if base in pools else pick(plain[base])
        return value[0].upper() + value[1:] if name.endswith("_capital") else value

    def paragraph(self, kind: str, setting: tuple[str, str, tuple[str, ...]]) -> str:
        """Return 3-7 sentences, mostly of `kind`, some general or contextual."""
        sentences = []
        for _ in range(self.rng.randint(3, 7)):
            roll = self.rng.random()
            chosen = kind if roll < 0.6 else ("general" if roll < 0.8 else "context")
            sentences.append(self.sentence(chosen, setting))
        return " ".join(sentences)

    def document(self, markdown: bool) -> str:
        """Return one document, Markdown or plain text, of roughly 2,500 to 7,500 words."""
        setting = self.rng.choice(SETTINGS)
        year = self.rng.randint(2008, 2023)
        title = f"{self.rng.choice(DOCUMENT_TYPES)}: Protection of Civilians in {setting[0]}"
        publisher = self.rng.choice(PUBLISHERS)
        lines = (
            [f"# {title}", "", f"**{publisher}**", "", f"{self.rng.choice(MONTHS)} {year}", ""]
            if markdown
            else [title.upper(), "", publisher, f"{self.rng.choice(MONTHS)} {year}", ""]
        )
        sections = ["Introduction", *self.rng.sample(SECTIONS, k=self.rng.randint(3, 7))]
        sections.append("Recommendations")
        numbered = 0
        for index, heading in enumerate(sections, 1):
            lines += [f"## {index}. {heading}" if markdown else f"{index}. {heading.upper()}", ""]
            numbered = self.section(lines, heading, setting, markdown, numbered)
        return "\n".join(lines) + "\n"

    def section(
        self,
        lines: list[str],
        heading: str,
        setting: tuple[str, str, tuple[str, ...]],
        markdown: bool,
        numbered: int,
    ) -> int:
        """Append a section's paragraphs, lists and footnotes; return the last paragraph number."""
        kind = "recommendation" if heading == "Recommendations" else SECTION_KINDS.get(heading)
        notes: list[str] = []
        for _ in range(self.rng.randint(3, 9)):
            paragraph_kind = kind or self.rng.choice(list(KINDS))
            local = self.rng.choice(SETTINGS) if self.rng.random() < 0.3 else setting
            text = self.paragraph(paragraph_kind, local)
            if markdown and self.rng.random() < 0.25:
                self.footnote += 1
                text += f"<sup>{self.footnote}</sup>"
                notes.append(
                    f"<sup>{self.footnote}</sup> See resolution {self.slot('resolution', local)}."
                )
            if self.rng.random() < 0.6:
                numbered += 1
                text = f"{numbered}. {text}"
            lines += [text, ""]
            if self.rng.random() < 0.3:
                lines += [self.sentence("general", local).rstrip(".") + ":", ""]
                bullet = "-" if markdown else "•"
                for _ in range(self.rng.randint(3, 6)):
                    lines.append(f"{bullet} {self.sentence(paragraph_kind, local)}")
                lines.append("")
        for note in notes:
            lines += [note, ""]
        return numbered


def generate_corpus(folder: Path, words: int) -> tuple[list[Path], int]:
    """Write documents into `folder` until they hold `words` whitespace words; return them.

    The same seed always gives the same sequence of documents, so a smaller corpus is the
    first documents of a larger one.
    """
    folder.mkdir(parents=True, exist_ok=True)
    generator = ProseGenerator(SEED)
    files: list[Path] = []
    total = 0
    while total < words:
        number = len(files) + 1
        markdown = number % 3 != 0
        text = generator.document(markdown)
        path = folder / f"report-{number:04d}.{'md' if markdown else 'txt'}"
        path.write_text(text, encoding="utf-8")
        files.append(path)
        total += len(text.split())
    return files, total
