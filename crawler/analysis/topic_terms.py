"""The vocabulary of the topic scorer: how Daily NK English says "law enforcement acted on people".

Data only (topic.py does the scoring). Every entry is (label, regex, weight); labels are what
``Topic.matched`` shows. Terms are grouped by the part they play:

- ACTS: an act of enforcement on a person (arrest, summons, dismissal, raid, sentence ...).
  One clear act in a headline is enough on its own.
- AGENCY_TERMS: enforcement bodies the entity extractor does not name an agency of its own
  (generic "security officials"); the named agencies come from ``Entities.agencies``.
- OFFENCES: what people are pursued for (smuggling, defection, foreign media ...). They tell
  an enforcement story only next to an act or an agency: on their own ("smuggling booms",
  "drugs are everywhere") they are economy or society stories, so they count for little.
- GENRES: formats that are never one report (digests, price tables): strong negatives.
- NEGATIVES: other subjects (prices, the military, diplomacy, weather, health). Their total
  is capped in topic.py, so an enforcement story that also mentions them still wins.

Regexes are matched case-insensitively and should stay general: they name how the site words
a kind of act, not particular headlines.
"""

from __future__ import annotations

_APOS = "['\u2019]"

ACTS = (
    ("arrest", r"\barrest(?:s|ed|ing)?\b", 2.5),
    (
        "detain",
        (
            r"\bdetain(?:s|ed|ing|ee|ees)?\b|\bdetention\b|\blocked\s+up\b|\bheld\s+(?:in|at|by)\s+(?:a\s+)?"
            r"(?:police|security|holding|detention|custody)|\b(?:taken|dragged)\s+(?:away|off)\s+by\b"
        ),
        2.5,
    ),
    (
        "interrogate",
        (
            r"\binterrogat\w*|\b(?:for|under)\s+questioning\b|\bquestioned\b"
            r"|\bhand(?:s|ed|ing)?\s+(?:\w+\s+)?over\s+to\b"
        ),
        2.5,
    ),
    (
        "sentenced",
        (
            r"\bsentenc(?:ed|es|ing)\b|\bsentence\s+of\b|\bgiven\s+(?:a\s+)?\d+[- ]years?\b"
            r"|\b(?:life|prison|jail)\s+(?:term|sentence)s?\b"
        ),
        2.5,
    ),
    (
        "executed",
        r"\bexecut(?:ed|ion|ions)\b|\bfiring\s+squad\b|\bdeath\s+penalty\b",
        2.5,
    ),
    (
        "trial",
        r"\b(?:public\s+|show\s+)?trials?\b|\bverdicts?\b|\bcourt\s+hearing",
        2.0,
    ),
    (
        "labor camp",
        r"\blabou?r\s+(?:camps?|training\s+(?:camps?|units?|cent(?:er|re)s?)|brigades?|cent(?:er|re)s?)\b",
        2.5,
    ),
    (
        "prison camp",
        (
            r"\b(?:political\s+)?prison(?:er)?s?(?:\s+camps?)?\b|\bjail(?:s|ed)?\b|\bpenitentiar\w*"
            r"|\bimprison\w*|\bgulags?\b"
        ),
        2.5,
    ),
    (
        "kyohwaso",
        (
            r"\bkyohwa(?:so|\s+camp)\b|\bkwalliso\b|\bre-?education\b|\bdanryeondae\b"
            r"|\bjipkyulso\b|\bdetention\s+(?:cent(?:er|re)|facilit\w+)"
        ),
        2.5,
    ),
    (
        "repatriate",
        r"\brepatriat\w*|\bforcibly\s+(?:returned|sent\s+back)\b|\bhanded\s+back\b",
        2.5,
    ),
    ("torture", r"\btortur\w*|\bbeat(?:en|ings?)\b|\bbeat\s+(?:him|her|them)\b", 2.5),
    (
        "charged",
        (
            r"\bcharged\s+with\b|\bconvicted\b|\bindicted\b|\baccused\b|\bfound\s+guilty\b"
            r"|\bopen(?:s|ed)?\s+(?:a\s+)?case\b|\bcases?\s+against\b|\b(?:brought|pressed|filed)\s+charges\b"
        ),
        2.0,
    ),
    (
        "custody",
        r"\bcustody\b|\bholding\s+(?:cells?|cent(?:er|re)s?|facility|facilities)\b",
        2.0,
    ),
    (
        "control",
        (
            r"\bborder\s+(?:control|controls|security|crackdown)\b"
            r"|\b(?:tighten|intensif|step(?:s|ped)?\s+up|strengthen|ramp(?:s|ed)?\s+up|beef(?:s|ed)?\s+up)"
            r"\w*\s+(?:\w+\s+){0,2}?(?:control|controls|surveillance|crackdowns?|inspections?"
            r"|security|monitoring|punishments?)\b"
        ),
        2.0,
    ),
    (
        "punish",
        (
            r"\bpunish\w*|\bpenalt(?:y|ies)\b|\bdisciplinary\b"
            r"|\bharsh(?:er|est)?\s+(?:treatment|measures|sentences)\b"
        ),
        2.0,
    ),
    (
        "crackdown",
        (
            r"\bcrack(?:down|downs|ing\s+down|ed\s+down|s\s+down|\s+down)\b|\bclamp(?:down|s?\s+down)\b"
            r"|\broot(?:s|ed|ing)?\s+out\b|\bstamp(?:s|ed|ing)?\s+out\b|\bwar\s+on\b"
            r"|\bcampaign\s+against\b|\bblitz\b"
        ),
        2.0,
    ),
    (
        "caught",
        (
            r"\b(?:caught|nabbed|apprehended|captured|busted)\b"
            r"|\bround(?:s|ed|ing)?[- ]up\b|\bhunt(?:s|ed|ing)?\s+(?:down|for)\b"
            r"|\btrack(?:s|ed|ing)?\s+down\b|\bsting\b|\bmanhunts?\b"
            # "Picked up" of people only: "trade picked up" is no arrest.
            r"|\b(?:were|was|been|being|get|gets|got)\s+picked\s+up\b|\bpicked\s+up\s+by\b"
            r"|\b(?:brokers?|smugglers?|residents?|women|men|man|woman|defectors?|traders?"
            r"|students?|people|youths?|teenagers?|famil(?:y|ies)|couples?)\s+picked\s+up\b"
        ),
        2.0,
    ),
    (
        "raid",
        (
            r"\braid(?:s|ed|ing)?\b|\bsearch(?:es|ed)?\s+(?:of\s+)?(?:homes?|houses?|hous\w+|residen\w+)\b"
            r"|\b(?:house|home|body|household)\s+searches\b"
        ),
        2.0,
    ),
    # Bare "search" and "catch" also mean looking for food or fishing: weaker on their own.
    ("searched", r"\bsearch(?:ed|es)\b", 1.0),
    (
        "catch",
        r"\bcatch(?:es|ing)?\b(?!\s+(?:sight|up|a\s+glimpse|fish|squid|on|fire|a\s+cold))",
        1.0,
    ),
    (
        "summoned",
        (
            r"\bsummon(?:s|ed|ing)?\b|\bcalled\s+in\s+(?:for|to)\b|\bhauled\s+(?:in|before|off)\b"
            r"|\bordered\s+to\s+report\s+to\b"
        ),
        2.0,
    ),
    (
        "dismissed",
        (
            r"\bdismiss(?:al|als|ed)\b|\bpurg(?:e|es|ed|ing)\b|\bsacked\b|\bfired\s+from\b"
            r"|\bremoved\s+from\s+(?:\w+\s+)?(?:posts?|positions?|office)\b|\brelieved\s+of\b"
            r"|\bdemot\w+|\bstripped\s+of\b|\bexpelled\b|\bousted\b"
        ),
        2.0,
    ),
    ("resigned", r"\bresign(?:s|ed|ation|ations)?\b|\bstep(?:s|ped)?\s+down\b", 0.5),
    (
        "banished",
        (
            r"\bbanish\w*|\bexiled?\b|\bdeport(?:s|ed|ation|ations)?\b"
            r"|\bforcibly\s+relocat\w*|\brelocated\s+to\s+(?:the\s+)?(?:countryside|rural|remote)"
        ),
        2.0,
    ),
    (
        "confiscate",
        r"\bconfiscat\w*|\bseiz(?:e|es|ed|ing|ure|ures)\b|\bimpound\w*",
        2.0,
    ),
    ("intercept", r"\bintercept\w*", 1.5),
    (
        "investigate",
        r"\binvestigat\w*|\bprobes?\b|\bprobed\b|\binquir(?:y|ies)\b|\baudit(?:s|ed|ors?)?\b",
        1.5,
    ),
    (
        "inspection",
        # Nouns only: "Kim Jong Un inspects a farm" is a visit, not an inspection of people.
        r"\binspections?\b(?!\s+tours?)|\bcheckpoints?\b|\bpatrol(?:s|led|ling)?\b",
        1.5,
    ),
    (
        "surveillance",
        (
            r"\bsurveil\w*|\bwiretap\w*|\binformants?\b|\bsnitch\w*|\beavesdrop\w*"
            r"|\bmonitor(?:s|ed|ing)?\s+(?:of\s+)?(?:residents|people|locals|citizens|calls|phones?)\b"
            r"|\bspy(?:ing)?\s+on\b|\bwatch\s*list|\bblacklist\w*"
            r"|\bunder\s+(?:close\s+|constant\s+|tight\s+)?(?:watch|surveillance|scrutiny)\b"
            r"|\b(?:signal|radio[- ]wave|wave|phone)\s+(?:detect\w*|track\w*)"
        ),
        1.5,
    ),
    ("bribe", r"\bbrib(?:e|es|ed|ery|ing)\b|\bkickbacks?\b", 1.5),
    (
        "extort",
        (
            r"\bextort\w*|\bshake(?:s|n)?\s+down\b|\bshaking\s+down\b|\bshakedowns?\b"
            r"|\bextract(?:s|ed|ing)?\s+(?:cash|money|bribes?|funds)\b"
            r"|\bdemand(?:s|ed|ing)?\s+bribes?\b|\bbribe\s+demands?\b"
        ),
        2.0,
    ),
    ("fined", r"\bfined\b|\bfines\b", 1.5),
    (
        "killed",
        r"\bkill(?:s|ed|ing|ings)?\b|\bmurder\w*|\bshot\b|\bshoot(?:s|ing|ings)?\b|\bstabb\w*",
        1.0,
    ),
)

AGENCY_TERMS = (
    (
        "security officials",
        (
            r"\bsecurity\s+(?:officials?|officers?|agents?|personnel|forces|organs?|authorities"
            r"|services|cadres?|agenc(?:y|ies))\b"
        ),
        2.0,
    ),
    ("guards", r"\b(?:prison|camp)\s+guards?\b", 2.0),
    # Whose task force it is varies (Group 109, the party, a ministry): no agency id of its own.
    ("task force", r"\btask\s+forces?\b|\bstrike\s+teams?\b", 2.0),
)

# People pursued: naming them tells of their pursuit more than naming their trade does
# ("smugglers feel the heat" vs "smuggling booms"). Not enough alone, but context for OFFENCES.
# Brokers are not here: a defector's story of her escape names her broker (see OFFENCES).
OFFENDERS = (
    (
        "suspects",
        (
            r"\bsuspects?\b|\bcriminals?\b|\bconvicts?\b|\binmates?\b|\boffenders?\b|\bculprits?\b"
            r"|\bwanted\s+(?:man|woman|list|notices?)\b"
        ),
        1.5,
    ),
    (
        "smugglers",
        (
            r"\bsmugglers?\b|\b(?:drug\s+)?dealers?\b|\btraffickers?\b|\bthie(?:f|ves)\b"
            r"|\bfugitives?\b|\bborder[- ]crossers?\b"
        ),
        1.0,
    ),
)

OFFENCES = (
    ("defection", r"\bdefect(?:s|ed|ing|ion|ions|or|ors)?\b|\bescapees?\b", 1.0),
    # Brokers arrange escapes and remittances: defectors' own stories name them too.
    ("brokers", r"\bbrokers?\b", 1.0),
    # Escaping is what defectors did, not an act on them: custody and camps say the rest.
    ("escape", r"\bescap(?:e|es|ed|ing)\b|\bon\s+the\s+run\b", 1.0),
    ("smuggling", r"\bsmuggl\w*|\bcontraband\b", 1.0),
    (
        "drugs",
        r"\bdrugs?\b|\bnarcotics?\b|\bmeth\w*|\bopium\b|\bice\s+(?:users?|dealers?)\b",
        1.0,
    ),
    ("illegal", r"\billegal\w*|\billicit\b|\bunlawful\b|\bcontraband\b", 1.0),
    (
        "foreign media",
        (
            r"\b(?:South\s+Korean|foreign|outside)\s+(?:media|dramas?|films?|movies|songs|music"
            r"|content|videos?|broadcasts?|radio|TV|news)\b|\bUSBs?\b|\bSD\s+cards?\b|\breactionary\b"
        ),
        1.0,
    ),
    (
        "phones",
        r"\b(?:Chinese|smuggled|foreign|illegal)\s+(?:mobile\s+|cell\s*)?phones?\b",
        1.0,
    ),
    (
        "espionage",
        r"\bespionage\b|\bspy\b|\bspies\b|\bspying\b|\bstate\s+secrets?\b",
        1.0,
    ),
    ("leak", r"\bleak(?:s|ed|ing)?\b", 1.0),
    (
        "embezzlement",
        r"\bembezzl\w*|\bcorrupt\w*|\bgraft\b|\bmisconduct\b|\bwrongdoing\b",
        1.0,
    ),
    ("anti-socialist", r"\b(?:anti|non)-?socialist\b", 1.0),
    (
        "remittance",
        r"\bremittances?\b|\boverseas\s+calls?\b|\binternational\s+calls?\b",
        1.0,
    ),
    ("theft", r"\btheft\b|\bsteal\w*|\bstole\b|\brobber\w*", 1.0),
    (
        "border crossing",
        r"\bcross(?:ed|es|ing)?\s+(?:the\s+)?(?:border|river|Tumen|Yalu)\b|\bfle(?:e|es|d|eing)\b",
        1.0,
    ),
    ("trafficking", r"\btraffick\w*|\bprostitut\w*|\bgambl\w*", 1.0),
    ("superstition", r"\bsuperstiti\w*|\bfortune[- ]tell\w*|\bshaman\w*", 1.0),
    ("religion", r"\bChristians?\b|\bBibles?\b|\bmissionar\w*", 1.0),
)

GENRES = (
    ("snapshots", r"\bsnapshots?\b|\bnews\s+in\s+brief\b|\bweekly\s+digest\b", 6.0),
    (
        "market price update",
        r"\bmarket\s+price\s+(?:update|survey|trends?)s?\b|\bprice\s+update\b",
        6.0,
    ),
)

NEGATIVES = (
    ("prices", r"\bprices?\b", 0.6),
    ("exchange rate", r"\bexchange\s+rates?\b", 1.0),
    ("rice", r"\brice\b|\bcorn\b|\bpotato(?:es)?\b|\bsquid\b", 0.5),
    ("wages", r"\bwages?\b|\bsalar(?:y|ies)\b|\bpaychecks?\b", 0.6),
    ("military drill", r"\b(?:military\s+)?(?:drills?|exercises?|maneuvers?)\b", 1.0),
    ("missile", r"\bmissiles?\b|\bnuclear\b|\bweapons?\s+test\w*|\bartillery\b", 1.0),
    (
        "soldiers",
        rf"\bsoldiers?\b|\btroops?\b|\bKorean\s+People{_APOS}?s\s+Army\b|\bKPA\b|\bmilitary\b",
        0.5,
    ),
    (
        "diplomacy",
        r"\bdiplomat\w*|\bsummit\w*|\bnegotiation\w*|\bforeign\s+minist\w*|\bunification\s+minist\w*",
        1.0,
    ),
    ("sanctions", r"\bsanctions?\b|\btrade\b|\bexports?\b|\bimports?\b", 0.6),
    ("economy", r"\beconom(?:y|ic|ics)\b", 0.5),
    ("market", r"\bmarkets?\b|\bjangmadang\b", 0.3),
    (
        "farming",
        (
            r"\bfarm(?:s|ing|ers?)?\b|\bharvests?\b|\bcrops?\b|\bfertili[sz]er\b|\bweather\b"
            r"|\bdrought\b|\bfloods?\b|\bflooding\b|\btyphoons?\b"
        ),
        0.6,
    ),
    (
        "health",
        r"\bCOVID\w*|\bpandemic\b|\bvirus\b|\bhospitals?\b|\bflu\b|\bepidemic\b|\bvaccin\w*",
        0.6,
    ),
    ("construction", r"\bconstruction\b|\bapartments?\b|\bhousing\b", 0.5),
    (
        "sports and culture",
        (
            r"\bsports?\b|\bvolleyball\b|\bfootball\b|\bsoccer\b|\bchampionships?\b|\btournaments?\b"
            r"|\bathletes?\b|\bconcerts?\b|\bfestivals?\b|\bholidays?\b|\bfashion\b|\bcelebrat\w*"
        ),
        0.6,
    ),
    ("donations", r"\bdonations?\b|\bcontributions?\b|\bmobiliz\w*", 0.5),
)
