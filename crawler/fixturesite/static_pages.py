"""The WordPress static pages the real home page links from its menus and footer.

Real-pages §4: about pages (president's message, staff, volunteers, milestones, "in the
news"), a donations page, a copyright notice, a market-trends data page and cartoons. They
answer 200 with ``body class="page-template… page page-id-N"`` and no ``article.post``: a
crawler must settle them as "not an article", not retry them on every run. Their slugs look
like article slugs on purpose (the real ones do); none is in crawler.urls.STATIC_PAGES.
The text is written fresh for the fixture site; pages.static_page_html renders them.
"""

from __future__ import annotations

from dataclasses import dataclass

from crawler.fixturesite.spec import HOME


@dataclass(frozen=True, slots=True)
class StaticPage:
    slug: str
    title: str
    page_id: int
    template: str  # the page-template-… body class WordPress derives from the page template
    paragraphs: tuple[str, ...]
    menu: str  # "about" (About Us sub-menu), "support", "data", "footer"

    @property
    def url(self) -> str:
        return f"{HOME}{self.slug}/"


PAGES = (
    StaticPage("presidents-message", "President\u2019s Message", 1187, "page-template-page-pagebuilder-title",
               (("Daily NK was founded on a simple idea: that the people of North Korea deserve to have their "
                "lives reported as they are, not as the state describes them."),
                ("Our reporters rely on people inside the country who take great risks to tell us what they see. "
                "We owe it to them to check every report carefully and to protect who they are.")),
               "about"),
    StaticPage("staff", "Staff", 1191, "page-template-page-pagebuilder-title",
               ("Editor-in-chief: Lee Sang Yong.", ("Reporters: Kang Mi Jin, Jeong Tae Joo, Seol Song Ah, "
                "Kim Yoo Jin."), "Translation and editing: Violet Kim, Jason Mitchell, Robert Lauler."),
               "about"),
    StaticPage("volunteers", "Volunteers", 1195, "page-template-page-pagebuilder-title",
               (("Volunteers help us translate reports, check sources in published material and keep our archive "
                "in order."), "If you read Korean and English well and would like to help, please write to us."),
               "about"),
    StaticPage("milestones", "Milestones", 1199, "page-template-page-pagebuilder-title",
               ("2004: Daily NK publishes its first report in Korean.", "2005: The English edition opens.",
                "2018: The English site moves to its current address."),
               "about"),
    StaticPage("daily-nk-in-the-news", "Daily NK in the News", 1203, "page-template-page-pagebuilder-title",
               (("Our reporting on market prices and border controls is regularly cited by international news "
                "agencies and research institutes."), "A list of recent citations is kept on this page."),
               "about"),
    StaticPage("donations", "Donations", 1211, "page-template-page-pagebuilder-latest",
               (("Daily NK is an independent news organization. Donations from readers pay for the secure "
                "phones and the time our sources need to report safely."),
                "You can give once or every month; every gift, however small, helps."),
               "support"),
    StaticPage("copyright-notice", "Copyright Notice", 1215, "page-template-default",
               (("All articles, photographs and graphics on this site are the property of Daily NK unless stated "
                "otherwise."), "Please ask us before republishing any of them."),
               "footer"),
    StaticPage("north-korea-market-trends", "Market Trends", 1219, "page-template-page-pagebuilder-title",
               (("The table below lists the average market prices our sources report for rice, corn, fuel and "
                "foreign currency in three North Korean cities."),),
               "data"),
    StaticPage("cartoons", "Cartoons", 1223, "page-template-page-pagebuilder-title",
               ("A selection of cartoons on life in North Korea drawn for Daily NK by contributing artists.",),
               "data"),
    StaticPage("about-daily-nk", "About Daily NK", 1183, "page-template-page-pagebuilder-title",
               (("Daily NK is an online newspaper based in Seoul that reports on North Korea using a network of "
                "sources inside the country."),),
               "about"),
)  # fmt: skip
BY_SLUG = {p.slug: p for p in PAGES}
