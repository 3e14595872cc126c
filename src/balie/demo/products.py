# SPDX-License-Identifier: EUPL-1.2
"""The demo product catalogue, shared by both demo municipalities.

IPDC product numbers and concept UUIDs come from /work/shared/reference/municipal-products.md
(public LPDC data). Products without a known IPDC concept keep those fields empty on purpose:
an invented number would look authoritative to an exporter. Costs are realistic examples
taken from the same reference, not current tariffs.
"""

from dataclasses import dataclass, field

from balie.catalog.models import ProductType, Theme

IPDC_CONCEPT_PREFIX = "https://ipdc.vlaanderen.be/id/concept/"

POPULATION = "Burgerzaken"
CIVIL_STATUS = "Burgerlijke stand"
FOREIGNERS = "Vreemdelingendienst"
PLANNING = "Omgeving"
ENVIRONMENT = "Milieu"
MOBILITY = "Mobiliteit"


def _t(nl: str, fr: str, en: str, de: str) -> dict[str, str]:
    return {"nl": nl, "fr": fr, "en": en, "de": de}


FREE = _t("Gratis", "Gratuit", "Free of charge", "Kostenlos")


@dataclass(frozen=True)
class ProductSpec:
    slug: str
    title: dict[str, str]
    description: dict[str, str]
    what_to_bring: dict[str, str]
    cost: dict[str, str]
    theme: str
    product_type: str
    department: str
    keywords: list[str] = field(default_factory=list)
    ipdc_number: str = ""
    ipdc_uuid: str = ""
    online_bookable: bool = True
    max_quantity: int = 1
    # The small municipality offers a subset; the rest only exists in the large city.
    in_small: bool = True

    @property
    def ipdc_concept(self) -> str:
        return f"{IPDC_CONCEPT_PREFIX}{self.ipdc_uuid}" if self.ipdc_uuid else ""

    def texts(self, name: str, *, formal: bool) -> dict[str, str]:
        """A text field in the municipality's form of address (see FORMAL_NL)."""
        value = dict(getattr(self, name))
        if formal and (self.slug, name) in FORMAL_NL:
            value["nl"] = FORMAL_NL[(self.slug, name)]
        return value


_CERTIFICATE_BRING = _t(
    "Je identiteitskaart of verblijfsdocument. Voor iemand anders: diens ondertekende volmacht, "
    "een kopie van diens identiteitskaart en je eigen identiteitskaart.",
    "Votre carte d'identité ou titre de séjour. Pour une autre personne : sa procuration "
    "signée, une copie de sa carte d'identité et votre propre carte d'identité.",
    "Your identity card or residence document. For someone else: their signed proxy, a copy "
    "of their identity card and your own identity card.",
    "Ihr Personalausweis oder Aufenthaltsdokument. Für eine andere Person: deren "
    "unterschriebene Vollmacht, eine Kopie ihres Ausweises und Ihr eigener Ausweis.",
)

_CERTIFICATE_COST = _t(
    "Gratis (digitaal via Mijn Burgerprofiel), € 3 aan het loket",
    "Gratuit (en ligne via Mon Profil citoyen), 3 € au guichet",
    "Free online (My Citizen Profile), €3 at the counter",
    "Online kostenlos (Mein Bürgerprofil), 3 € am Schalter",
)

PRODUCTS: list[ProductSpec] = [
    # --- Burgerzaken: identity and travel documents ---
    ProductSpec(
        slug="eid",
        title=_t(
            "Elektronische identiteitskaart (eID)",
            "Carte d'identité électronique (eID)",
            "Electronic identity card (eID)",
            "Elektronischer Personalausweis (eID)",
        ),
        description=_t(
            "Een nieuwe identiteitskaart aanvragen voor Belgen vanaf 12 jaar, bij vervaldatum, "
            "verlies, diefstal of beschadiging.",
            "Demander une nouvelle carte d'identité pour les Belges à partir de 12 ans, à "
            "l'expiration ou en cas de perte, de vol ou de dégradation.",
            "Apply for a new identity card for Belgians aged 12 and over, on expiry or after "
            "loss, theft or damage.",
            "Einen neuen Personalausweis für Belgier ab 12 Jahren beantragen, bei Ablauf, "
            "Verlust, Diebstahl oder Beschädigung.",
        ),
        what_to_bring=_t(
            "Oproepingsbrief, je huidige identiteitskaart (of het attest van verlies of "
            "diefstal) en een recente kleurenpasfoto volgens de ICAO-normen (max. 6 maanden "
            "oud), tenzij de foto aan het loket genomen wordt.",
            "Lettre de convocation, votre carte d'identité actuelle (ou l'attestation de perte "
            "ou de vol) et une photo couleur récente conforme aux normes OACI (moins de 6 "
            "mois), sauf si la photo est prise au guichet.",
            "Invitation letter, your current identity card (or the loss or theft certificate) "
            "and a recent colour ICAO photo (no older than 6 months), unless the photo is "
            "taken at the counter.",
            "Einladungsschreiben, Ihr aktueller Personalausweis (oder die Verlust- bzw. "
            "Diebstahlbescheinigung) und ein aktuelles Farbfoto nach ICAO-Norm (höchstens 6 "
            "Monate alt), sofern das Foto nicht am Schalter gemacht wird.",
        ),
        cost=_t(
            "€ 22 (normaal), € 120 (dringend)",
            "22 € (normal), 120 € (urgent)",
            "€22 (standard), €120 (urgent)",
            "22 € (normal), 120 € (dringend)",
        ),
        theme=Theme.CITIZEN_GOVERNMENT,
        product_type=ProductType.EVIDENCE,
        department=POPULATION,
        keywords=[
            "eID",
            "identiteitskaart",
            "ID-kaart",
            "identiteitsbewijs",
            "pasje",
        ],
        ipdc_number="148",
        ipdc_uuid="0fec6309-d676-4c3b-b6ca-3f0ca5e56077",
        max_quantity=5,
    ),
    ProductSpec(
        slug="kids-id",
        title=_t(
            "Kids-ID (kinderen onder 12 jaar)",
            "Kids-ID (enfants de moins de 12 ans)",
            "Kids-ID (children under 12)",
            "Kids-ID (Kinder unter 12 Jahren)",
        ),
        description=_t(
            "Elektronisch identiteitsbewijs voor Belgische kinderen onder 12 jaar, nodig voor "
            "reizen binnen Europa.",
            "Document d'identité électronique pour les enfants belges de moins de 12 ans, "
            "nécessaire pour voyager en Europe.",
            "Electronic identity document for Belgian children under 12, needed to travel "
            "within Europe.",
            "Elektronisches Ausweisdokument für belgische Kinder unter 12 Jahren, nötig für "
            "Reisen innerhalb Europas.",
        ),
        what_to_bring=_t(
            "Het kind en minstens één ouder met ouderlijk gezag, de identiteitskaart van die "
            "ouder en een recente kleurenpasfoto van het kind.",
            "L'enfant et au moins un parent exerçant l'autorité parentale, la carte d'identité "
            "de ce parent et une photo couleur récente de l'enfant.",
            "The child and at least one parent with parental authority, that parent's identity "
            "card and a recent colour photo of the child.",
            "Das Kind und mindestens ein sorgeberechtigter Elternteil, dessen Personalausweis "
            "und ein aktuelles Farbfoto des Kindes.",
        ),
        cost=_t(
            "€ 7 (normaal), € 106 (dringend)",
            "7 € (normal), 106 € (urgent)",
            "€7 (standard), €106 (urgent)",
            "7 € (normal), 106 € (dringend)",
        ),
        theme=Theme.CITIZEN_GOVERNMENT,
        product_type=ProductType.EVIDENCE,
        department=POPULATION,
        keywords=["kids-id", "kidsid", "identiteitskaart kind", "kinderpas", "kinder-eID"],
        ipdc_number="147",
        ipdc_uuid="54e19d15-b1dc-42ec-805e-dc73ff07218a",
        max_quantity=5,
    ),
    ProductSpec(
        slug="pin-puk",
        title=_t(
            "Nieuwe PIN- en PUK-code",
            "Nouveaux codes PIN et PUK",
            "New PIN and PUK codes",
            "Neue PIN- und PUK-Codes",
        ),
        description=_t(
            "PIN-code vergeten of kaart geblokkeerd? Vraag nieuwe codes aan of deblokkeer je "
            "eID aan het loket.",
            "Code PIN oublié ou carte bloquée ? Demandez de nouveaux codes ou faites débloquer "
            "votre eID au guichet.",
            "Forgot your PIN or is your card blocked? Request new codes or have your eID "
            "unblocked at the counter.",
            "PIN vergessen oder Karte gesperrt? Beantragen Sie neue Codes oder lassen Sie Ihre "
            "eID am Schalter entsperren.",
        ),
        what_to_bring=_t(
            "Je identiteitskaart.",
            "Votre carte d'identité.",
            "Your identity card.",
            "Ihren Personalausweis.",
        ),
        cost=_t("€ 5", "5 €", "€5", "5 €"),
        theme=Theme.CITIZEN_GOVERNMENT,
        product_type=ProductType.EVIDENCE,
        department=POPULATION,
        keywords=["pincode", "pukcode", "code vergeten", "kaart geblokkeerd", "deblokkeren"],
        ipdc_number="2019",
        ipdc_uuid="074472a9-c2d4-44d6-bd86-bc80e1216605",
    ),
    ProductSpec(
        slug="vreemdelingenkaart",
        title=_t(
            "Elektronische vreemdelingenkaart",
            "Carte électronique pour étrangers",
            "Electronic residence card for foreign nationals",
            "Elektronische Aufenthaltskarte für Ausländer",
        ),
        description=_t(
            "Aanvraag of vernieuwing van de verblijfskaart voor niet-Belgen die in de gemeente "
            "ingeschreven zijn.",
            "Demande ou renouvellement du titre de séjour pour les non-Belges inscrits dans la "
            "commune.",
            "Apply for or renew the residence card for non-Belgians registered in the "
            "municipality.",
            "Beantragung oder Verlängerung der Aufenthaltskarte für in der Gemeinde gemeldete "
            "Nicht-Belgier.",
        ),
        what_to_bring=_t(
            "Je huidige verblijfskaart (of attest van verlies of diefstal), je paspoort en een "
            "recente pasfoto, tenzij de foto aan het loket genomen wordt.",
            "Votre titre de séjour actuel (ou l'attestation de perte ou de vol), votre "
            "passeport et une photo récente, sauf si elle est prise au guichet.",
            "Your current residence card (or the loss or theft certificate), your passport and "
            "a recent photo, unless it is taken at the counter.",
            "Ihre aktuelle Aufenthaltskarte (oder die Verlust- bzw. Diebstahlbescheinigung), "
            "Ihren Reisepass und ein aktuelles Foto, sofern es nicht am Schalter gemacht wird.",
        ),
        cost=_t(
            "€ 22 (normaal), € 115 (dringend)",
            "22 € (normal), 115 € (urgent)",
            "€22 (standard), €115 (urgent)",
            "22 € (normal), 115 € (dringend)",
        ),
        theme=Theme.CITIZEN_GOVERNMENT,
        product_type=ProductType.EVIDENCE,
        department=FOREIGNERS,
        keywords=[
            "verblijfskaart",
            "verblijfsvergunning",
            "A-kaart",
            "E-kaart",
            "F-kaart",
        ],
        ipdc_number="735",
        ipdc_uuid="c8286439-d64d-4752-80e5-e2e8cd004e08",
        max_quantity=5,
    ),
    ProductSpec(
        slug="identiteitsbewijs-niet-belgisch-kind",
        title=_t(
            "Identiteitsbewijs voor een niet-Belgisch kind",
            "Document d'identité pour un enfant non belge",
            "Identity document for a non-Belgian child",
            "Ausweisdokument für ein nichtbelgisches Kind",
        ),
        description=_t(
            "Papieren identiteitsbewijs voor kinderen onder 12 jaar zonder Belgische "
            "nationaliteit; je krijgt het meteen mee.",
            "Document d'identité papier pour les enfants de moins de 12 ans sans nationalité "
            "belge, délivré immédiatement.",
            "Paper identity document for children under 12 without Belgian nationality, "
            "issued on the spot.",
            "Ausweisdokument aus Papier für Kinder unter 12 Jahren ohne belgische "
            "Staatsangehörigkeit, sofort ausgestellt.",
        ),
        what_to_bring=_t(
            "Een recente kleurenpasfoto van het kind en de gegevens van een contactpersoon. "
            "Gescheiden ouders: kopie van het vonnis over het ouderlijk gezag.",
            "Une photo couleur récente de l'enfant et les coordonnées d'une personne de "
            "contact. Parents séparés : copie du jugement relatif à l'autorité parentale.",
            "A recent colour photo of the child and an emergency contact's details. Separated "
            "parents: a copy of the custody judgment.",
            "Ein aktuelles Farbfoto des Kindes und die Daten einer Kontaktperson. Getrennte "
            "Eltern: Kopie des Sorgerechtsurteils.",
        ),
        cost=_t("€ 4", "4 €", "€4", "4 €"),
        theme=Theme.CITIZEN_GOVERNMENT,
        product_type=ProductType.EVIDENCE,
        department=FOREIGNERS,
        keywords=["kinderidentiteitsbewijs", "identiteit kind", "buitenlands kind"],
        ipdc_number="740",
        ipdc_uuid="1f5093a9-234b-42f3-b1ef-3a2063df003a",
        max_quantity=5,
        in_small=False,
    ),
    ProductSpec(
        slug="reispas",
        title=_t("Reispas", "Passeport", "Passport", "Reisepass"),
        description=_t(
            "Een Belgisch paspoort aanvragen voor reizen buiten Europa. Levering in normale "
            "procedure na ongeveer 6 werkdagen.",
            "Demander un passeport belge pour voyager hors d'Europe. Délivrance en procédure "
            "normale après environ 6 jours ouvrables.",
            "Apply for a Belgian passport to travel outside Europe. Standard delivery takes "
            "about 6 working days.",
            "Einen belgischen Reisepass für Reisen außerhalb Europas beantragen. Im normalen "
            "Verfahren nach etwa 6 Werktagen erhältlich.",
        ),
        what_to_bring=_t(
            "Je identiteitskaart, een recente ICAO-pasfoto (tenzij aan het loket genomen) en je "
            "vorige reispas of een attest van verlies of diefstal. Minderjarigen komen met "
            "minstens één ouder.",
            "Votre carte d'identité, une photo OACI récente (sauf si prise au guichet) et votre "
            "ancien passeport ou une attestation de perte ou de vol. Les mineurs viennent avec "
            "au moins un parent.",
            "Your identity card, a recent ICAO photo (unless taken at the counter) and your "
            "previous passport or a loss or theft certificate. Minors come with at least one "
            "parent.",
            "Ihr Personalausweis, ein aktuelles ICAO-Foto (sofern nicht am Schalter gemacht) "
            "und Ihr bisheriger Reisepass oder eine Verlust- bzw. Diebstahlbescheinigung. "
            "Minderjährige kommen mit mindestens einem Elternteil.",
        ),
        cost=_t(
            "Volwassenen € 75, minderjarigen € 40 (dringend: € 253 / € 215)",
            "Adultes 75 €, mineurs 40 € (urgent : 253 € / 215 €)",
            "Adults €75, minors €40 (urgent: €253 / €215)",
            "Erwachsene 75 €, Minderjährige 40 € (dringend: 253 € / 215 €)",
        ),
        theme=Theme.CITIZEN_GOVERNMENT,
        product_type=ProductType.EVIDENCE,
        department=POPULATION,
        keywords=["paspoort", "reispas", "reizen"],
        ipdc_number="949",
        ipdc_uuid="b0afed3a-2148-4548-9ba5-a63e06cfb1ab",
        max_quantity=5,
    ),
    ProductSpec(
        slug="reistoelating-minderjarigen",
        title=_t(
            "Reistoelating voor minderjarigen",
            "Autorisation de voyage pour mineurs",
            "Travel permission for minors",
            "Reisegenehmigung für Minderjährige",
        ),
        description=_t(
            "Ouderlijke toestemming laten wettigen voor een minderjarige die zonder ouders naar "
            "het buitenland reist.",
            "Faire légaliser l'autorisation parentale d'un mineur qui voyage à l'étranger sans "
            "ses parents.",
            "Have parental consent certified for a minor travelling abroad without their parents.",
            "Die elterliche Zustimmung für Minderjährige, die ohne Eltern ins Ausland reisen, "
            "beglaubigen lassen.",
        ),
        what_to_bring=_t(
            "De identiteitskaart van de ouder die toestemming geeft; een voogd brengt ook het "
            "bewijs van ouderlijk gezag mee.",
            "La carte d'identité du parent qui donne l'autorisation ; un tuteur apporte aussi "
            "la preuve de l'autorité parentale.",
            "The identity card of the parent giving permission; a guardian also brings proof "
            "of parental authority.",
            "Der Personalausweis des zustimmenden Elternteils; ein Vormund bringt auch den "
            "Nachweis des Sorgerechts mit.",
        ),
        cost=FREE,
        theme=Theme.CULTURE_SPORT_LEISURE,
        product_type=ProductType.ADMISSION,
        department=POPULATION,
        keywords=["reistoestemming", "toestemming ouders", "kind op reis", "schoolreis"],
        ipdc_number="747",
        ipdc_uuid="9b05fed8-f1ee-42c5-8cec-cc5e6f481a65",
    ),
    # --- Burgerzaken: driving licences ---
    ProductSpec(
        slug="rijbewijs",
        title=_t(
            "Europees rijbewijs",
            "Permis de conduire européen",
            "European driving licence",
            "Europäischer Führerschein",
        ),
        description=_t(
            "Je definitieve rijbewijs aanvragen na het praktisch examen, of een rijbewijs "
            "vernieuwen of vervangen.",
            "Demander votre permis de conduire définitif après l'examen pratique, ou le "
            "renouveler ou le remplacer.",
            "Apply for your full driving licence after the practical test, or renew or replace "
            "it.",
            "Den endgültigen Führerschein nach der praktischen Prüfung beantragen oder ihn "
            "erneuern oder ersetzen.",
        ),
        what_to_bring=_t(
            "Je identiteitskaart, je voorlopig rijbewijs en het slaagbewijs van het "
            "examencentrum.",
            "Votre carte d'identité, votre permis provisoire et l'attestation de réussite du "
            "centre d'examen.",
            "Your identity card, your provisional licence and the pass certificate from the "
            "exam centre.",
            "Ihr Personalausweis, Ihr vorläufiger Führerschein und die Bestehensbescheinigung "
            "des Prüfungszentrums.",
        ),
        cost=_t("€ 25", "25 €", "€25", "25 €"),
        theme=Theme.MOBILITY,
        product_type=ProductType.EVIDENCE,
        department=POPULATION,
        keywords=[
            "rijbewijs",
            "bankkaartmodel",
            "rijbewijs vernieuwen",
        ],
        ipdc_number="925",
        ipdc_uuid="560491c7-c072-4541-a160-a88de2fd3eb1",
    ),
    ProductSpec(
        slug="voorlopig-rijbewijs",
        title=_t(
            "Voorlopig rijbewijs",
            "Permis de conduire provisoire",
            "Provisional driving licence",
            "Vorläufiger Führerschein",
        ),
        description=_t(
            "Een voorlopig rijbewijs (leervergunning) aanvragen nadat je geslaagd bent voor het "
            "theoretisch examen.",
            "Demander un permis de conduire provisoire après avoir réussi l'examen théorique.",
            "Apply for a provisional licence (learner's permit) after passing the theory test.",
            "Einen vorläufigen Führerschein (Lernführerschein) nach bestandener "
            "Theorieprüfung beantragen.",
        ),
        what_to_bring=_t(
            "Je identiteitskaart en het slaagbewijs van het theoretisch examen; bij begeleid "
            "rijden ook de identiteitskaart van je begeleider(s).",
            "Votre carte d'identité et l'attestation de réussite de l'examen théorique ; pour "
            "la filière libre, aussi la carte d'identité de vos guides.",
            "Your identity card and the theory test pass certificate; for supervised driving "
            "also your supervisors' identity cards.",
            "Ihr Personalausweis und die Bescheinigung über die Theorieprüfung; beim "
            "begleiteten Fahren auch die Ausweise Ihrer Begleitpersonen.",
        ),
        cost=_t("€ 25", "25 €", "€25", "25 €"),
        theme=Theme.MOBILITY,
        product_type=ProductType.EVIDENCE,
        department=POPULATION,
        keywords=[
            "leervergunning",
            "voorlopig",
            "rijbewijs",
            "model 18",
            "model 36",
            "begeleid rijden",
        ],
        ipdc_number="730",
        ipdc_uuid="f5be8a28-9093-4826-b080-bf57cbb02e2d",
    ),
    ProductSpec(
        slug="internationaal-rijbewijs",
        title=_t(
            "Internationaal rijbewijs",
            "Permis de conduire international",
            "International driving permit",
            "Internationaler Führerschein",
        ),
        description=_t(
            "Nodig om te rijden in sommige landen buiten de Europese Unie; drie jaar geldig.",
            "Nécessaire pour conduire dans certains pays hors de l'Union européenne ; valable "
            "trois ans.",
            "Needed to drive in some countries outside the European Union; valid for three years.",
            "Erforderlich zum Fahren in einigen Ländern außerhalb der Europäischen Union; drei "
            "Jahre gültig.",
        ),
        what_to_bring=_t(
            "Je identiteitskaart, een recente pasfoto en je geldig Belgisch rijbewijs.",
            "Votre carte d'identité, une photo récente et votre permis de conduire belge valable.",
            "Your identity card, a recent photo and your valid Belgian driving licence.",
            "Ihr Personalausweis, ein aktuelles Foto und Ihr gültiger belgischer Führerschein.",
        ),
        cost=_t("€ 21", "21 €", "€21", "21 €"),
        theme=Theme.MOBILITY,
        product_type=ProductType.EVIDENCE,
        department=POPULATION,
        keywords=["internationaal rijbewijs", "rijden buitenland", "rijbewijs"],
        ipdc_number="152",
        ipdc_uuid="9aaab24c-13ad-4ab2-ad3f-ced9241d92d3",
    ),
    # --- Burgerzaken: registers and certificates ---
    ProductSpec(
        slug="adreswijziging",
        title=_t(
            "Adreswijziging (verhuis binnen België)",
            "Changement d'adresse (déménagement en Belgique)",
            "Change of address (moving within Belgium)",
            "Adressänderung (Umzug innerhalb Belgiens)",
        ),
        description=_t(
            "Geef je verhuis binnen 8 werkdagen door. Daarna volgt een woonstcontrole door de "
            "wijkagent.",
            "Déclarez votre déménagement dans les 8 jours ouvrables. Un agent de quartier "
            "vérifiera ensuite votre résidence.",
            "Report your move within 8 working days. A community police officer will then "
            "check your residence.",
            "Melden Sie Ihren Umzug innerhalb von 8 Werktagen. Danach prüft ein "
            "Bezirksbeamter Ihren Wohnsitz.",
        ),
        what_to_bring=_t(
            "De identiteitskaarten van alle verhuizende gezinsleden en hun PIN-code. Voor "
            "minderjarigen: eventuele vonnissen of akkoorden over hun verblijfplaats.",
            "Les cartes d'identité de tous les membres du ménage qui déménagent et leur code "
            "PIN. Pour les mineurs : tout jugement ou accord sur leur domicile.",
            "The identity cards of every household member who moves, with their PIN. For "
            "minors: any court decision or agreement on their residence.",
            "Die Personalausweise aller umziehenden Haushaltsmitglieder und deren PIN. Für "
            "Minderjährige: etwaige Urteile oder Vereinbarungen über ihren Wohnsitz.",
        ),
        cost=FREE,
        theme=Theme.BUILDING_HOUSING,
        product_type=ProductType.EVIDENCE,
        department=POPULATION,
        keywords=[
            "verhuis",
            "verhuizen",
            "nieuw adres",
            "domicilie",
            "adres wijzigen",
        ],
        ipdc_number="926",
        ipdc_uuid="367488a7-129d-41f1-8784-57b122214d8a",
    ),
    ProductSpec(
        slug="verhuis-buitenland",
        title=_t(
            "Verhuis naar het buitenland",
            "Déménagement à l'étranger",
            "Moving abroad",
            "Umzug ins Ausland",
        ),
        description=_t(
            "Meld je vertrek naar het buitenland, zodat je uit het bevolkingsregister wordt "
            "geschrapt en je documenten in orde zijn.",
            "Signalez votre départ à l'étranger pour être rayé du registre de la population et "
            "mettre vos documents en ordre.",
            "Report your departure abroad so you are removed from the population register and "
            "your documents are in order.",
            "Melden Sie Ihren Wegzug ins Ausland, damit Sie aus dem Bevölkerungsregister "
            "gestrichen werden und Ihre Dokumente in Ordnung sind.",
        ),
        what_to_bring=_t(
            "Je nieuwe buitenlandse adres en de identiteitskaarten van alle gezinsleden vanaf "
            "12 jaar, met hun PIN- en PUK-code.",
            "Votre nouvelle adresse à l'étranger et les cartes d'identité de tous les membres "
            "du ménage de 12 ans et plus, avec leurs codes PIN et PUK.",
            "Your new address abroad and the identity cards of all household members aged 12 "
            "and over, with their PIN and PUK codes.",
            "Ihre neue Auslandsadresse und die Ausweise aller Haushaltsmitglieder ab 12 Jahren "
            "mit ihren PIN- und PUK-Codes.",
        ),
        cost=FREE,
        theme=Theme.BUILDING_HOUSING,
        product_type=ProductType.EVIDENCE,
        department=POPULATION,
        keywords=["emigratie", "vertrek buitenland", "model 8", "verhuis", "afvoeren"],
        ipdc_number="991",
        ipdc_uuid="574a4f6e-3de8-4bb7-a2e3-a1bf5ba12d39",
    ),
    ProductSpec(
        slug="attest-hoofdverblijfplaats",
        title=_t(
            "Attest van hoofdverblijfplaats (bewijs van woonst)",
            "Certificat de résidence principale",
            "Certificate of main residence (proof of address)",
            "Wohnsitzbescheinigung",
        ),
        description=_t(
            "Bewijst op welk adres je ingeschreven bent, eventueel met adreshistoriek.",
            "Prouve l'adresse à laquelle vous êtes inscrit, éventuellement avec l'historique.",
            "Proves the address where you are registered, optionally with your address history.",
            "Bestätigt die Adresse, unter der Sie gemeldet sind, auf Wunsch mit Adressverlauf.",
        ),
        what_to_bring=_CERTIFICATE_BRING,
        cost=_CERTIFICATE_COST,
        theme=Theme.BUILDING_HOUSING,
        product_type=ProductType.EVIDENCE,
        department=POPULATION,
        keywords=["bewijs van woonst", "woonstattest", "domicilieattest", "attest", "adres"],
        ipdc_number="778",
        ipdc_uuid="25a24a5f-d04f-4aa8-a11a-07e242c3afe3",
    ),
    ProductSpec(
        slug="attest-gezinssamenstelling",
        title=_t(
            "Attest van gezinssamenstelling",
            "Composition de ménage",
            "Certificate of household composition",
            "Bescheinigung der Haushaltszusammensetzung",
        ),
        description=_t(
            "Vermeldt wie er op je adres ingeschreven is, bijvoorbeeld voor een studiebeurs of "
            "een huurcontract.",
            "Indique qui est inscrit à votre adresse, par exemple pour une bourse d'études ou "
            "un bail.",
            "Lists who is registered at your address, for example for a study grant or a lease.",
            "Gibt an, wer unter Ihrer Adresse gemeldet ist, etwa für ein Stipendium oder "
            "einen Mietvertrag.",
        ),
        what_to_bring=_CERTIFICATE_BRING,
        cost=_CERTIFICATE_COST,
        theme=Theme.CITIZEN_GOVERNMENT,
        product_type=ProductType.EVIDENCE,
        department=POPULATION,
        keywords=["gezinssamenstelling", "samenstelling gezin", "attest", "studiebeurs"],
        ipdc_number="781",
        ipdc_uuid="a7669427-0af8-434d-ac6c-97161e74fac1",
    ),
    ProductSpec(
        slug="attest-leven",
        title=_t(
            "Attest van leven",
            "Certificat de vie",
            "Life certificate",
            "Lebensbescheinigung",
        ),
        description=_t(
            "Bewijst dat je in leven bent, vaak gevraagd door buitenlandse pensioenfondsen.",
            "Prouve que vous êtes en vie, souvent demandé par les caisses de pension étrangères.",
            "Proves that you are alive, often requested by foreign pension funds.",
            "Bestätigt, dass Sie am Leben sind, oft von ausländischen Pensionskassen verlangt.",
        ),
        what_to_bring=_t(
            "Je identiteitskaart en eventueel het formulier van de pensioeninstelling.",
            "Votre carte d'identité et, le cas échéant, le formulaire de l'organisme de pension.",
            "Your identity card and, if any, the pension institution's form.",
            "Ihr Personalausweis und gegebenenfalls das Formular der Pensionskasse.",
        ),
        cost=_CERTIFICATE_COST,
        theme=Theme.CITIZEN_GOVERNMENT,
        product_type=ProductType.EVIDENCE,
        department=POPULATION,
        keywords=["levensbewijs", "pensioen buitenland", "attest"],
        ipdc_number="779",
        ipdc_uuid="bc52afb5-b203-4359-b29e-a0f5b1fd8bc3",
    ),
    ProductSpec(
        slug="attest-nationaliteit",
        title=_t(
            "Attest van Belgische nationaliteit",
            "Certificat de nationalité belge",
            "Certificate of Belgian nationality",
            "Bescheinigung der belgischen Staatsangehörigkeit",
        ),
        description=_t(
            "Bewijst dat je de Belgische nationaliteit hebt.",
            "Prouve que vous avez la nationalité belge.",
            "Proves that you hold Belgian nationality.",
            "Bestätigt, dass Sie die belgische Staatsangehörigkeit besitzen.",
        ),
        what_to_bring=_t(
            "Je identiteitskaart. Voor iemand anders: diens volmacht en een kopie van diens "
            "identiteitskaart.",
            "Votre carte d'identité. Pour une autre personne : sa procuration et une copie de "
            "sa carte d'identité.",
            "Your identity card. For someone else: their proxy and a copy of their identity card.",
            "Ihr Personalausweis. Für eine andere Person: deren Vollmacht und eine Kopie ihres "
            "Ausweises.",
        ),
        cost=_CERTIFICATE_COST,
        theme=Theme.CITIZEN_GOVERNMENT,
        product_type=ProductType.EVIDENCE,
        department=POPULATION,
        keywords=["nationaliteitsbewijs", "Belg", "nationaliteit", "attest"],
        ipdc_number="780",
        ipdc_uuid="8dc76ee5-1c68-45e8-a19c-c9b77e74cda0",
    ),
    ProductSpec(
        slug="uittreksel-strafregister",
        title=_t(
            "Uittreksel uit het strafregister",
            "Extrait de casier judiciaire",
            "Extract from the criminal record",
            "Auszug aus dem Strafregister",
        ),
        description=_t(
            "Vroeger 'bewijs van goed gedrag en zeden', bijvoorbeeld voor een job of "
            "vrijwilligerswerk met kinderen.",
            "Anciennement « certificat de bonne vie et mœurs », par exemple pour un emploi ou "
            "du bénévolat avec des enfants.",
            "Formerly the 'certificate of good conduct', for example for a job or volunteering "
            "with children.",
            "Früher „Führungszeugnis“, etwa für eine Stelle oder ein Ehrenamt mit Kindern.",
        ),
        what_to_bring=_t(
            "Je identiteitskaart, en vermeld waarvoor je het uittreksel nodig hebt.",
            "Votre carte d'identité ; indiquez à quoi l'extrait doit servir.",
            "Your identity card; tell us what you need the extract for.",
            "Ihr Personalausweis; geben Sie an, wofür Sie den Auszug benötigen.",
        ),
        cost=FREE,
        theme=Theme.CITIZEN_GOVERNMENT,
        product_type=ProductType.EVIDENCE,
        department=POPULATION,
        keywords=[
            "goed gedrag en zeden",
            "bewijs van goed gedrag",
            "strafregister",
            "model 2",
        ],
        ipdc_number="940",
        ipdc_uuid="84110eee-2ae4-43cb-af35-9501301a6cc7",
    ),
    ProductSpec(
        slug="wettiging-handtekening",
        title=_t(
            "Wettiging van handtekening",
            "Légalisation de signature",
            "Certification of a signature",
            "Beglaubigung einer Unterschrift",
        ),
        description=_t(
            "De gemeente bevestigt dat een handtekening echt is. Je ondertekent aan het loket.",
            "La commune atteste qu'une signature est authentique. Vous signez au guichet.",
            "The municipality confirms that a signature is genuine. You sign at the counter.",
            "Die Gemeinde bestätigt die Echtheit einer Unterschrift. Sie unterschreiben am "
            "Schalter.",
        ),
        what_to_bring=_t(
            "Het document (nog niet ondertekend) en je identiteitskaart.",
            "Le document (pas encore signé) et votre carte d'identité.",
            "The document (not yet signed) and your identity card.",
            "Das (noch nicht unterschriebene) Dokument und Ihr Personalausweis.",
        ),
        cost=_t("€ 3 per document", "3 € par document", "€3 per document", "3 € pro Dokument"),
        theme=Theme.CITIZEN_GOVERNMENT,
        product_type=ProductType.EVIDENCE,
        department=POPULATION,
        keywords=["handtekening wettigen", "legalisatie", "echtverklaring handtekening"],
        ipdc_number="756",
        ipdc_uuid="d15d1de7-acf0-481e-8446-b1f6b9c196b5",
        # Usually done walk-in within another visit; staff book it by phone when needed.
        online_bookable=False,
    ),
    ProductSpec(
        slug="eensluidend-verklaarde-kopie",
        title=_t(
            "Eensluidend verklaarde kopie",
            "Copie certifiée conforme",
            "Certified true copy",
            "Beglaubigte Kopie",
        ),
        description=_t(
            "De gemeente verklaart dat een kopie overeenstemt met het origineel.",
            "La commune certifie qu'une copie est conforme à l'original.",
            "The municipality certifies that a copy matches the original.",
            "Die Gemeinde bestätigt, dass eine Kopie mit dem Original übereinstimmt.",
        ),
        what_to_bring=_t(
            "Het originele document en een goed leesbare kopie.",
            "Le document original et une copie bien lisible.",
            "The original document and a clearly legible copy.",
            "Das Originaldokument und eine gut lesbare Kopie.",
        ),
        cost=_t("€ 3 per document", "3 € par document", "€3 per document", "3 € pro Dokument"),
        theme=Theme.CITIZEN_GOVERNMENT,
        product_type=ProductType.EVIDENCE,
        department=POPULATION,
        keywords=["gewaarmerkte kopie", "kopie diploma", "voor eensluidend"],
        ipdc_number="3",
        ipdc_uuid="ab0315b3-4f57-4a58-9506-ddcb63321873",
        max_quantity=5,
    ),
    ProductSpec(
        slug="wilsverklaring-euthanasie",
        title=_t(
            "Wilsverklaring euthanasie",
            "Déclaration anticipée d'euthanasie",
            "Advance directive on euthanasia",
            "Patientenverfügung zur Sterbehilfe",
        ),
        description=_t(
            "Laat je wilsverklaring over euthanasie registreren, zodat artsen ze kunnen "
            "raadplegen.",
            "Faites enregistrer votre déclaration anticipée d'euthanasie pour que les médecins "
            "puissent la consulter.",
            "Have your advance directive on euthanasia registered so doctors can consult it.",
            "Lassen Sie Ihre Verfügung zur Sterbehilfe registrieren, damit Ärzte sie einsehen "
            "können.",
        ),
        what_to_bring=_t(
            "Het ingevulde en ondertekende formulier (met handtekeningen van twee getuigen) en "
            "je identiteitskaart.",
            "Le formulaire complété et signé (avec la signature de deux témoins) et votre carte "
            "d'identité.",
            "The completed and signed form (with two witnesses' signatures) and your identity "
            "card.",
            "Das ausgefüllte und unterschriebene Formular (mit den Unterschriften zweier "
            "Zeugen) und Ihr Personalausweis.",
        ),
        cost=FREE,
        theme=Theme.WELFARE_HEALTH,
        product_type=ProductType.ADMISSION,
        department=POPULATION,
        keywords=["euthanasie", "wilsverklaring", "levenseinde", "voorafgaande wilsverklaring"],
        ipdc_number="163",
        ipdc_uuid="b775f91c-90a1-470d-bb62-d25f2566d060",
    ),
    ProductSpec(
        slug="orgaandonatie",
        title=_t(
            "Orgaandonatie na overlijden",
            "Don d'organes après le décès",
            "Organ donation after death",
            "Organspende nach dem Tod",
        ),
        description=_t(
            "Registreer je toestemming of weigering voor orgaandonatie na je overlijden.",
            "Enregistrez votre consentement ou votre refus au don d'organes après le décès.",
            "Register your consent to or refusal of organ donation after your death.",
            "Registrieren Sie Ihre Zustimmung oder Ablehnung zur Organspende nach dem Tod.",
        ),
        what_to_bring=_t(
            "Je identiteitskaart.",
            "Votre carte d'identité.",
            "Your identity card.",
            "Ihren Personalausweis.",
        ),
        cost=FREE,
        theme=Theme.WELFARE_HEALTH,
        product_type=ProductType.ADMISSION,
        department=POPULATION,
        keywords=["orgaandonor", "donor", "organen", "weefsel"],
        ipdc_number="158",
        ipdc_uuid="276c34e9-b2fc-4dcf-a2e5-f6cdc8524a3f",
    ),
    ProductSpec(
        slug="laatste-wilsbeschikking",
        title=_t(
            "Laatste wilsbeschikking (teraardebestelling)",
            "Dernières volontés (mode de sépulture)",
            "Last wishes (funeral arrangements)",
            "Letzter Wille (Bestattungsart)",
        ),
        description=_t(
            "Leg vast hoe je begraven of gecremeerd wilt worden en volgens welke "
            "levensbeschouwing.",
            "Indiquez si vous souhaitez être inhumé ou incinéré, et selon quelle conviction.",
            "Record whether you wish to be buried or cremated, and under which belief.",
            "Legen Sie fest, ob Sie beerdigt oder eingeäschert werden möchten und nach welcher "
            "Weltanschauung.",
        ),
        what_to_bring=_t(
            "Je identiteitskaart.",
            "Votre carte d'identité.",
            "Your identity card.",
            "Ihren Personalausweis.",
        ),
        cost=FREE,
        theme=Theme.WELFARE_HEALTH,
        product_type=ProductType.EVIDENCE,
        department=CIVIL_STATUS,
        keywords=["begrafenis", "crematie", "asverstrooiing", "laatste wil"],
        ipdc_number="777",
        ipdc_uuid="fa885477-dfc7-4365-951e-83cd94d8dfe7",
        in_small=False,
    ),
    # --- Burgerlijke stand ---
    ProductSpec(
        slug="geboorteaangifte",
        title=_t(
            "Geboorteaangifte",
            "Déclaration de naissance",
            "Birth registration",
            "Geburtsanzeige",
        ),
        description=_t(
            "Doe binnen 15 dagen na de geboorte aangifte. Vaak kan dat al in het ziekenhuis.",
            "Déclarez la naissance dans les 15 jours. C'est souvent déjà possible à l'hôpital.",
            "Register the birth within 15 days. This is often possible at the hospital.",
            "Melden Sie die Geburt innerhalb von 15 Tagen. Oft geht das schon im Krankenhaus.",
        ),
        what_to_bring=_t(
            "Je identiteitskaart, het medisch attest van de geboorte en, als de aangever "
            "gehuwd is met de moeder, het trouwboekje.",
            "Votre carte d'identité, le certificat médical de naissance et, si le déclarant "
            "est marié à la mère, le carnet de mariage.",
            "Your identity card, the medical birth certificate and, if the declarant is "
            "married to the mother, the marriage booklet.",
            "Ihr Personalausweis, die ärztliche Geburtsbescheinigung und, falls der Anzeigende "
            "mit der Mutter verheiratet ist, das Familienstammbuch.",
        ),
        cost=FREE,
        theme=Theme.CITIZEN_GOVERNMENT,
        product_type=ProductType.EVIDENCE,
        department=CIVIL_STATUS,
        keywords=["geboorte", "baby", "naam kind", "aangifte geboorte"],
        ipdc_number="157",
        ipdc_uuid="0f02723b-bd4d-44d8-a044-21355d14789e",
    ),
    ProductSpec(
        slug="erkenning-kind",
        title=_t(
            "Erkenning van een kind",
            "Reconnaissance d'un enfant",
            "Recognition of a child",
            "Anerkennung eines Kindes",
        ),
        description=_t(
            "Een niet-gehuwde vader of meemoeder erkent het kind, vóór of na de geboorte.",
            "Un père ou une coparente non marié(e) reconnaît l'enfant, avant ou après la "
            "naissance.",
            "An unmarried father or co-mother recognises the child, before or after the birth.",
            "Ein nicht verheirateter Vater oder eine Mitmutter erkennt das Kind vor oder nach "
            "der Geburt an.",
        ),
        what_to_bring=_t(
            "De identiteitskaarten van beide ouders. Vóór de geboorte: een doktersattest van "
            "de zwangerschap met de vermoedelijke bevallingsdatum.",
            "Les cartes d'identité des deux parents. Avant la naissance : un certificat "
            "médical de grossesse avec la date présumée de l'accouchement.",
            "Both parents' identity cards. Before the birth: a doctor's certificate confirming "
            "the pregnancy and the expected due date.",
            "Die Ausweise beider Eltern. Vor der Geburt: ein ärztliches Attest über die "
            "Schwangerschaft mit dem voraussichtlichen Geburtstermin.",
        ),
        cost=FREE,
        theme=Theme.CITIZEN_GOVERNMENT,
        product_type=ProductType.EVIDENCE,
        department=CIVIL_STATUS,
        keywords=["erkenning", "kind erkennen", "vaderschap", "meemoederschap"],
        ipdc_number="156",
        ipdc_uuid="80db6a60-a1cb-4c99-ab0b-5b78298d1099",
    ),
    ProductSpec(
        slug="huwelijksaangifte",
        title=_t(
            "Huwelijksaangifte",
            "Déclaration de mariage",
            "Declaration of intent to marry",
            "Eheanmeldung",
        ),
        description=_t(
            "Minstens 14 dagen en hoogstens 6 maanden vóór het huwelijk doe je samen aangifte. "
            "Daarna leg je de trouwdatum vast.",
            "Au moins 14 jours et au plus 6 mois avant le mariage, vous faites ensemble la "
            "déclaration. Ensuite, vous fixez la date.",
            "At least 14 days and at most 6 months before the wedding, you make the "
            "declaration together. Then you fix the date.",
            "Mindestens 14 Tage und höchstens 6 Monate vor der Trauung melden Sie die Ehe "
            "gemeinsam an. Danach legen Sie den Termin fest.",
        ),
        what_to_bring=_t(
            "De identiteitskaarten van beide partners. Komt maar één partner: de schriftelijke "
            "toestemming van de andere. Niet-ingeschrevenen brengen bewijs van nationaliteit, "
            "ongehuwde staat en verblijf.",
            "Les cartes d'identité des deux partenaires. Si un seul vient : l'accord écrit de "
            "l'autre. Les personnes non inscrites apportent une preuve de nationalité, de "
            "célibat et de résidence.",
            "Both partners' identity cards. If only one partner comes: the other's written "
            "consent. People not registered bring proof of nationality, unmarried status and "
            "residence.",
            "Die Ausweise beider Partner. Kommt nur einer: die schriftliche Zustimmung des "
            "anderen. Nicht gemeldete Personen bringen Nachweise über Staatsangehörigkeit, "
            "Ledigenstand und Wohnsitz mit.",
        ),
        cost=_t(
            "Gratis; trouwboekje € 25",
            "Gratuit ; carnet de mariage 25 €",
            "Free; marriage booklet €25",
            "Kostenlos; Familienstammbuch 25 €",
        ),
        theme=Theme.CITIZEN_GOVERNMENT,
        product_type=ProductType.EVIDENCE,
        department=CIVIL_STATUS,
        keywords=[
            "trouwen",
            "huwelijk",
            "aangifte huwelijk",
            "trouwdatum",
        ],
        ipdc_number="173",
        ipdc_uuid="bb1059a2-bb5b-40bf-9724-6200ba3fd6bc",
    ),
    ProductSpec(
        slug="huwelijk",
        title=_t(
            "Burgerlijk huwelijk (plechtigheid)",
            "Mariage civil (cérémonie)",
            "Civil wedding (ceremony)",
            "Standesamtliche Trauung (Zeremonie)",
        ),
        description=_t(
            "De trouwplechtigheid in de trouwzaal, na een geldige huwelijksaangifte. De dienst "
            "burgerlijke stand plant het moment met jullie in.",
            "La cérémonie dans la salle des mariages, après une déclaration de mariage "
            "valable. L'état civil fixe le moment avec vous.",
            "The ceremony in the wedding room, after a valid declaration of intent to marry. "
            "The civil registry schedules it with you.",
            "Die Trauung im Trausaal nach gültiger Eheanmeldung. Das Standesamt legt den "
            "Termin mit Ihnen fest.",
        ),
        what_to_bring=_t(
            "De identiteitskaarten van beide partners en, indien gewenst, twee getuigen met "
            "hun identiteitskaart.",
            "Les cartes d'identité des deux partenaires et, si vous le souhaitez, deux témoins "
            "avec leur carte d'identité.",
            "Both partners' identity cards and, if you wish, two witnesses with their identity "
            "cards.",
            "Die Ausweise beider Partner und, falls gewünscht, zwei Trauzeugen mit ihren "
            "Ausweisen.",
        ),
        cost=_t(
            "Gratis tijdens de werkuren; zaterdag € 150",
            "Gratuit pendant les heures de bureau ; le samedi 150 €",
            "Free during office hours; Saturday €150",
            "Während der Dienstzeiten kostenlos; samstags 150 €",
        ),
        theme=Theme.CITIZEN_GOVERNMENT,
        product_type=ProductType.ADMISSION,
        department=CIVIL_STATUS,
        keywords=["trouwen", "trouwplechtigheid", "trouwzaal", "ja-woord", "huwelijk"],
        ipdc_number="139",
        ipdc_uuid="1254033b-610a-40f2-8baa-b00c3349c856",
        # The date is agreed at the declaration, so only staff book the ceremony.
        online_bookable=False,
    ),
    ProductSpec(
        slug="wettelijk-samenwonen",
        title=_t(
            "Verklaring van wettelijke samenwoning",
            "Déclaration de cohabitation légale",
            "Declaration of legal cohabitation",
            "Erklärung des gesetzlichen Zusammenwohnens",
        ),
        description=_t(
            "Samen een verklaring van wettelijke samenwoning afleggen, of die beëindigen.",
            "Faire ensemble une déclaration de cohabitation légale, ou y mettre fin.",
            "Make a declaration of legal cohabitation together, or end one.",
            "Gemeinsam eine Erklärung des gesetzlichen Zusammenwohnens abgeben oder beenden.",
        ),
        what_to_bring=_t(
            "De identiteitskaarten van beide partners; staat je burgerlijke staat niet in de "
            "registers, dan een bewijs van ongehuwde staat (max. 6 maanden oud).",
            "Les cartes d'identité des deux partenaires ; si votre état civil ne figure pas "
            "aux registres, un certificat de célibat (moins de 6 mois).",
            "Both partners' identity cards; if your civil status is not in the registers, a "
            "certificate of unmarried status (no older than 6 months).",
            "Die Ausweise beider Partner; ist Ihr Personenstand nicht registriert, eine "
            "Ledigkeitsbescheinigung (höchstens 6 Monate alt).",
        ),
        cost=_t("€ 25", "25 €", "€25", "25 €"),
        theme=Theme.CITIZEN_GOVERNMENT,
        product_type=ProductType.EVIDENCE,
        department=CIVIL_STATUS,
        keywords=[
            "samenwonen",
            "wettelijke samenwoning",
            "samenlevingscontract",
        ],
        ipdc_number="144",
        ipdc_uuid="d1cae36e-56d8-47db-a2ba-af1c7c0c2f9f",
    ),
    ProductSpec(
        slug="overlijdensaangifte",
        title=_t(
            "Aangifte van overlijden",
            "Déclaration de décès",
            "Death registration",
            "Sterbefallanzeige",
        ),
        description=_t(
            "Meestal doet de begrafenisondernemer de aangifte; de dienst plant dit telefonisch "
            "in.",
            "La déclaration est généralement faite par l'entrepreneur de pompes funèbres ; le "
            "service la planifie par téléphone.",
            "The funeral director usually registers the death; the service schedules this by "
            "phone.",
            "Meist meldet der Bestatter den Sterbefall; der Dienst plant dies telefonisch ein.",
        ),
        what_to_bring=_t(
            "Het overlijdensattest van de arts, de identiteitskaart en het rijbewijs van de "
            "overledene, je eigen identiteitskaart en een eventuele laatste wilsbeschikking.",
            "Le certificat de décès du médecin, la carte d'identité et le permis de conduire "
            "du défunt, votre carte d'identité et d'éventuelles dernières volontés.",
            "The doctor's death certificate, the deceased's identity card and driving licence, "
            "your own identity card and any last wishes.",
            "Die ärztliche Todesbescheinigung, Ausweis und Führerschein der verstorbenen "
            "Person, Ihr eigener Ausweis und ein etwaiger letzter Wille.",
        ),
        cost=FREE,
        theme=Theme.WELFARE_HEALTH,
        product_type=ProductType.EVIDENCE,
        department=CIVIL_STATUS,
        keywords=["overlijden", "sterfgeval", "begrafenisondernemer"],
        ipdc_number="159",
        ipdc_uuid="cae5e6b4-0b6b-4b3c-8ec6-755313f7fe8a",
        online_bookable=False,
    ),
    ProductSpec(
        slug="veranderen-voornaam",
        title=_t(
            "Verandering van voornaam",
            "Changement de prénom",
            "Change of first name",
            "Änderung des Vornamens",
        ),
        description=_t(
            "Een aanvraag om je voornaam te laten veranderen, behandeld door de ambtenaar van "
            "de burgerlijke stand.",
            "Une demande de changement de prénom, traitée par l'officier de l'état civil.",
            "An application to change your first name, handled by the civil registrar.",
            "Ein Antrag auf Änderung des Vornamens, bearbeitet vom Standesbeamten.",
        ),
        what_to_bring=_t(
            "Je identiteitskaart en een motivering van je aanvraag.",
            "Votre carte d'identité et la motivation de votre demande.",
            "Your identity card and the reasons for your request.",
            "Ihr Personalausweis und eine Begründung Ihres Antrags.",
        ),
        cost=_t(
            "€ 150 (transgender personen: € 15)",
            "150 € (personnes transgenres : 15 €)",
            "€150 (transgender persons: €15)",
            "150 € (transgeschlechtliche Personen: 15 €)",
        ),
        theme=Theme.WELFARE_HEALTH,
        product_type=ProductType.ADMISSION,
        department=CIVIL_STATUS,
        keywords=["voornaam", "naamsverandering", "naam wijzigen"],
        ipdc_number="1534",
        ipdc_uuid="d3d8c3df-cde0-4ef9-b247-ab7ab7fe1330",
        in_small=False,
    ),
    # --- Omgeving ---
    ProductSpec(
        slug="omgeving-voorafgaand-overleg",
        title=_t(
            "Bouwadvies: voorafgaand overleg omgevingsvergunning",
            "Conseil en construction : concertation préalable au permis d'environnement",
            "Building advice: pre-application meeting for an environment permit",
            "Bauberatung: Vorgespräch zur Umgebungsgenehmigung",
        ),
        description=_t(
            "Bespreek je bouw- of verbouwplannen met een omgevingsambtenaar voor je een "
            "omgevingsvergunning aanvraagt.",
            "Discutez de votre projet de construction ou de rénovation avec un agent de "
            "l'urbanisme avant de demander un permis.",
            "Discuss your building or renovation plans with a planning officer before you "
            "apply for a permit.",
            "Besprechen Sie Ihre Bau- oder Umbaupläne mit einem Sachbearbeiter, bevor Sie eine "
            "Genehmigung beantragen.",
        ),
        what_to_bring=_t(
            "Een schets van de bestaande en de nieuwe toestand met de belangrijkste maten, en "
            "foto's van de straat- en tuinzijde. Bezorg ze liefst een week vooraf.",
            "Un croquis de la situation existante et projetée avec les dimensions principales, "
            "et des photos côté rue et côté jardin, de préférence une semaine à l'avance.",
            "A sketch of the existing and new situation with the main dimensions, and photos "
            "of the street and garden side, preferably sent a week ahead.",
            "Eine Skizze des bestehenden und geplanten Zustands mit den wichtigsten Maßen "
            "sowie Fotos der Straßen- und Gartenseite, möglichst eine Woche vorher.",
        ),
        cost=FREE,
        theme=Theme.BUILDING_HOUSING,
        product_type=ProductType.ADVICE,
        department=PLANNING,
        keywords=[
            "bouwvergunning",
            "bouwaanvraag",
            "verbouwen",
            "voorbespreking",
            "omgevingsloket",
            "stedenbouw",
            "bouwadvies",
        ],
        # Municipalities publish the pre-consultation under this concept (no own concept).
        ipdc_number="620",
        ipdc_uuid="b9d656f3-4585-4a7e-a74a-5051beb51dc2",
    ),
    ProductSpec(
        slug="omgevingsvergunning",
        title=_t(
            "Hulp bij je aanvraag omgevingsvergunning",
            "Aide à la demande de permis d'environnement",
            "Help with your environment permit application",
            "Hilfe beim Antrag auf Umgebungsgenehmigung",
        ),
        description=_t(
            "Samen met een medewerker je dossier op het Omgevingsloket invullen of aanvullen.",
            "Compléter votre dossier sur l'Omgevingsloket avec un collaborateur.",
            "Complete your application on the Omgevingsloket portal together with a staff member.",
            "Ihren Antrag im Omgevingsloket gemeinsam mit einem Mitarbeiter ausfüllen oder "
            "ergänzen.",
        ),
        what_to_bring=_t(
            "Je identiteitskaart en PIN-code, de plannen en foto's van de huidige toestand.",
            "Votre carte d'identité et code PIN, les plans et des photos de la situation "
            "actuelle.",
            "Your identity card and PIN, the plans and photos of the current situation.",
            "Ihr Personalausweis und PIN, die Pläne und Fotos des aktuellen Zustands.",
        ),
        cost=_t(
            "Dossiertaks volgens het gemeentelijk retributiereglement",
            "Taxe de dossier selon le règlement communal",
            "File fee according to the municipal tariff regulation",
            "Bearbeitungsgebühr gemäß kommunaler Gebührenordnung",
        ),
        theme=Theme.BUILDING_HOUSING,
        product_type=ProductType.ADMISSION,
        department=PLANNING,
        keywords=[
            "omgevingsvergunning",
            "bouwvergunning",
            "milieuvergunning",
            "omgevingsloket",
            "verbouwing",
        ],
        ipdc_number="1411",
        ipdc_uuid="829deea9-1d31-4bfc-944e-9b9f53eb3393",
    ),
    ProductSpec(
        slug="stedenbouwkundig-attest",
        title=_t(
            "Stedenbouwkundig attest",
            "Certificat d'urbanisme",
            "Planning certificate",
            "Städtebauliche Bescheinigung",
        ),
        description=_t(
            "Geeft vooraf aan of een bouwproject op een perceel redelijkerwijze vergund kan "
            "worden.",
            "Indique à l'avance si un projet de construction sur une parcelle peut "
            "raisonnablement être autorisé.",
            "Indicates in advance whether a building project on a plot could reasonably be "
            "permitted.",
            "Gibt vorab an, ob ein Bauvorhaben auf einem Grundstück voraussichtlich genehmigt "
            "werden kann.",
        ),
        what_to_bring=_t(
            "Het kadastraal perceelnummer, een situatieschets en een korte beschrijving van je "
            "project.",
            "Le numéro de parcelle cadastrale, un plan de situation et une brève description "
            "de votre projet.",
            "The cadastral plot number, a site sketch and a short description of your project.",
            "Die Katasternummer des Grundstücks, eine Lageskizze und eine kurze Beschreibung "
            "Ihres Vorhabens.",
        ),
        cost=_t(
            "Volgens het gemeentelijk retributiereglement",
            "Selon le règlement communal",
            "According to the municipal tariff regulation",
            "Gemäß kommunaler Gebührenordnung",
        ),
        theme=Theme.BUILDING_HOUSING,
        product_type=ProductType.EVIDENCE,
        department=PLANNING,
        keywords=["stedenbouw", "bouwgrond", "perceel", "bouwmogelijkheden"],
        ipdc_number="579",
        ipdc_uuid="3c46b3d9-24f1-48f0-ac42-524aba57c340",
    ),
    ProductSpec(
        slug="stedenbouwkundig-uittreksel",
        title=_t(
            "Stedenbouwkundig uittreksel",
            "Extrait urbanistique",
            "Planning information extract",
            "Städtebaulicher Auszug",
        ),
        description=_t(
            "Overzicht van de stedenbouwkundige voorschriften en vergunningen van een perceel, "
            "verplicht bij verkoop.",
            "Aperçu des prescriptions urbanistiques et des permis d'une parcelle, obligatoire "
            "en cas de vente.",
            "Overview of the planning rules and permits for a plot, required when selling.",
            "Übersicht der städtebaulichen Vorschriften und Genehmigungen eines Grundstücks, "
            "beim Verkauf vorgeschrieben.",
        ),
        what_to_bring=_t(
            "Het adres en het kadastraal perceelnummer.",
            "L'adresse et le numéro de parcelle cadastrale.",
            "The address and the cadastral plot number.",
            "Die Adresse und die Katasternummer des Grundstücks.",
        ),
        cost=_t("€ 75 per perceel", "75 € par parcelle", "€75 per plot", "75 € pro Grundstück"),
        theme=Theme.BUILDING_HOUSING,
        product_type=ProductType.EVIDENCE,
        department=PLANNING,
        keywords=["verkoop woning", "notaris", "stedenbouw", "vastgoedinformatie"],
        ipdc_number="1241",
        ipdc_uuid="d4b43e5c-57e8-4979-bf37-49f8ae5ecbc7",
        in_small=False,
    ),
    ProductSpec(
        slug="huisnummer",
        title=_t(
            "Huisnummer aanvragen",
            "Demande de numéro de maison",
            "Request a house number",
            "Hausnummer beantragen",
        ),
        description=_t(
            "Een huisnummer of busnummer toekennen aan een nieuwbouw of opgesplitste woning.",
            "Attribuer un numéro de maison ou de boîte à une nouvelle construction ou à un "
            "logement divisé.",
            "Assign a house or flat number to a new build or a divided dwelling.",
            "Eine Haus- oder Briefkastennummer für einen Neubau oder eine geteilte Wohnung "
            "vergeben.",
        ),
        what_to_bring=_t(
            "De omgevingsvergunning en een inplantingsplan.",
            "Le permis d'environnement et un plan d'implantation.",
            "The environment permit and a site plan.",
            "Die Umgebungsgenehmigung und einen Lageplan.",
        ),
        cost=FREE,
        theme=Theme.BUILDING_HOUSING,
        product_type=ProductType.ADMISSION,
        department=PLANNING,
        keywords=["busnummer", "adres nieuwbouw", "huisnummering"],
        ipdc_number="1116",
        ipdc_uuid="762d9cdb-0e50-4264-b6a5-9cd66b621cd1",
        in_small=False,
    ),
    # --- Milieu ---
    ProductSpec(
        slug="afvalcontainer",
        title=_t(
            "Afvalcontainer aanvragen of omruilen",
            "Demander ou échanger un conteneur à déchets",
            "Request or swap a waste bin",
            "Müllbehälter beantragen oder tauschen",
        ),
        description=_t(
            "Een container met chip voor restafval of gft aanvragen, van grootte wisselen of "
            "een beschadigde container laten vervangen.",
            "Demander un conteneur à puce pour les déchets résiduels ou organiques, changer de "
            "taille ou remplacer un conteneur endommagé.",
            "Request a chipped bin for residual or organic waste, change its size or replace a "
            "damaged one.",
            "Einen Behälter mit Chip für Rest- oder Biomüll beantragen, die Größe wechseln oder "
            "einen beschädigten Behälter ersetzen lassen.",
        ),
        what_to_bring=_t(
            "Je identiteitskaart; bij omruilen het containernummer.",
            "Votre carte d'identité ; pour un échange, le numéro du conteneur.",
            "Your identity card; for a swap, the bin number.",
            "Ihr Personalausweis; beim Tausch die Behälternummer.",
        ),
        cost=_t(
            "Waarborg € 30 (120 l) of € 50 (240 l)",
            "Caution de 30 € (120 l) ou 50 € (240 l)",
            "Deposit €30 (120 l) or €50 (240 l)",
            "Pfand 30 € (120 l) oder 50 € (240 l)",
        ),
        theme=Theme.ENVIRONMENT_ENERGY,
        product_type=ProductType.OBJECT,
        department=ENVIRONMENT,
        keywords=["container", "rolcontainer", "restafval", "gft", "vuilbak", "afval", "diftar"],
        # No IPDC concept for a bin as such (the reference names only collection concepts).
    ),
    ProductSpec(
        slug="compostvat-premie",
        title=_t(
            "Compostvat of -bak met premie",
            "Fût ou bac à compost avec prime",
            "Compost bin with subsidy",
            "Komposttonne oder -behälter mit Prämie",
        ),
        description=_t(
            "Koop een compostvat, compostbak of wormenbak aan verminderde prijs dankzij de "
            "gemeentelijke premie.",
            "Achetez un fût, un bac à compost ou un lombricomposteur à prix réduit grâce à la "
            "prime communale.",
            "Buy a compost bin, compost box or worm bin at a reduced price thanks to the "
            "municipal subsidy.",
            "Kaufen Sie dank der Gemeindeprämie eine Komposttonne, einen Kompostbehälter oder "
            "eine Wurmkiste zum reduzierten Preis.",
        ),
        what_to_bring=_t(
            "Je identiteitskaart en je rekeningnummer.",
            "Votre carte d'identité et votre numéro de compte.",
            "Your identity card and your bank account number.",
            "Ihr Personalausweis und Ihre Kontonummer.",
        ),
        cost=_t(
            "Compostvat € 15 na premie",
            "Fût à compost 15 € après prime",
            "Compost bin €15 after subsidy",
            "Komposttonne 15 € nach Prämie",
        ),
        theme=Theme.ENVIRONMENT_ENERGY,
        product_type=ProductType.FINANCIAL_ADVANTAGE,
        department=ENVIRONMENT,
        keywords=["compost", "compostvat", "wormenbak", "premie", "subsidie", "tuinafval"],
        ipdc_number="952",
        ipdc_uuid="6e7ccb60-7b07-4dd8-857a-50cc31c45ea5",
    ),
    ProductSpec(
        slug="grofvuil",
        title=_t(
            "Grofvuilophaling aan huis",
            "Collecte des encombrants à domicile",
            "Bulky waste collection at home",
            "Sperrmüllabholung",
        ),
        description=_t(
            "Laat grofvuil dat niet in een vuilniszak past aan huis ophalen.",
            "Faites enlever à domicile les encombrants qui ne rentrent pas dans un sac poubelle.",
            "Have bulky waste that does not fit in a rubbish bag collected from your home.",
            "Lassen Sie Sperrmüll, der nicht in einen Müllsack passt, bei Ihnen zu Hause abholen.",
        ),
        what_to_bring=_t(
            "Je identiteitskaart en een lijst van de stukken die opgehaald moeten worden.",
            "Votre carte d'identité et la liste des objets à enlever.",
            "Your identity card and a list of the items to be collected.",
            "Ihr Personalausweis und eine Liste der abzuholenden Gegenstände.",
        ),
        cost=_t(
            "€ 25 per ophaling (max. 2 m³)",
            "25 € par collecte (max. 2 m³)",
            "€25 per collection (max. 2 m³)",
            "25 € pro Abholung (max. 2 m³)",
        ),
        theme=Theme.ENVIRONMENT_ENERGY,
        product_type=ProductType.OBJECT,
        department=ENVIRONMENT,
        keywords=["grofvuil", "grof huisvuil", "meubels ophalen", "ophaling", "afval"],
        ipdc_number="16",
        ipdc_uuid="78be1ebe-efe5-4d5d-84aa-6f6701f0a720",
    ),
    # --- Mobiliteit ---
    ProductSpec(
        slug="bewonerskaart",
        title=_t(
            "Bewonerskaart (parkeerkaart)",
            "Carte de riverain (stationnement)",
            "Residents' parking permit",
            "Anwohnerparkausweis",
        ),
        description=_t(
            "Parkeren in de blauwe zone of betalend gebied in je eigen buurt, zonder tijdslimiet.",
            "Stationner sans limite de temps en zone bleue ou payante dans votre quartier.",
            "Park without a time limit in the blue or paid zone in your own neighbourhood.",
            "Ohne Zeitlimit in der blauen oder gebührenpflichtigen Zone Ihres Viertels parken.",
        ),
        what_to_bring=_t(
            "Je identiteitskaart en het inschrijvingsbewijs van het voertuig; bij een "
            "bedrijfswagen ook een attest van de werkgever.",
            "Votre carte d'identité et le certificat d'immatriculation du véhicule ; pour une "
            "voiture de société, aussi une attestation de l'employeur.",
            "Your identity card and the vehicle registration certificate; for a company car, "
            "also a letter from your employer.",
            "Ihr Personalausweis und die Zulassungsbescheinigung; bei einem Firmenwagen auch "
            "eine Bescheinigung des Arbeitgebers.",
        ),
        cost=_t(
            "Eerste kaart gratis, tweede € 100 per jaar",
            "Première carte gratuite, deuxième 100 € par an",
            "First permit free, second €100 a year",
            "Erster Ausweis kostenlos, zweiter 100 € pro Jahr",
        ),
        theme=Theme.MOBILITY,
        product_type=ProductType.ADMISSION,
        department=MOBILITY,
        keywords=[
            "parkeerkaart",
            "bewonersparkeren",
            "blauwe zone",
            "parkeren",
            "parkeervergunning",
        ],
        ipdc_number="181",
        ipdc_uuid="fc5cf734-5b8d-4766-af21-669879f894b6",
    ),
    ProductSpec(
        slug="tijdelijk-parkeerverbod",
        title=_t(
            "Tijdelijk parkeerverbod (verhuis, werken)",
            "Interdiction temporaire de stationner (déménagement, travaux)",
            "Temporary parking ban (moving, works)",
            "Vorübergehendes Parkverbot (Umzug, Bauarbeiten)",
        ),
        description=_t(
            "Vraag borden aan om de straat vrij te houden voor een verhuiswagen, container of "
            "stelling.",
            "Demandez des panneaux pour réserver la rue à un camion de déménagement, un "
            "conteneur ou un échafaudage.",
            "Request signs to keep the street free for a removal van, skip or scaffolding.",
            "Beantragen Sie Schilder, um die Straße für einen Umzugswagen, Container oder ein "
            "Gerüst freizuhalten.",
        ),
        what_to_bring=_t(
            "Het adres, de datum en de lengte van de in te nemen zone.",
            "L'adresse, la date et la longueur de la zone à occuper.",
            "The address, the date and the length of the area you need.",
            "Adresse, Datum und Länge des benötigten Bereichs.",
        ),
        cost=_t(
            "€ 30 per aanvraag",
            "30 € par demande",
            "€30 per request",
            "30 € pro Antrag",
        ),
        theme=Theme.MOBILITY,
        product_type=ProductType.ADMISSION,
        department=MOBILITY,
        keywords=[
            "parkeerverbod",
            "verhuiswagen",
            "verkeersborden",
            "signalisatie",
            "inname openbaar domein",
            "verhuis",
        ],
        ipdc_number="1388",
        ipdc_uuid="3cbe39bc-68af-452f-9eb2-61965e837f6b",
        in_small=False,
    ),
    ProductSpec(
        slug="parkeerplaats-handicap",
        title=_t(
            "Parkeerplaats voor personen met een handicap",
            "Emplacement de stationnement pour personnes handicapées",
            "Disabled parking space",
            "Behindertenparkplatz",
        ),
        description=_t(
            "Vraag een voorbehouden parkeerplaats aan in de buurt van je woning.",
            "Demandez un emplacement réservé près de votre domicile.",
            "Request a reserved parking space near your home.",
            "Beantragen Sie einen reservierten Parkplatz in der Nähe Ihrer Wohnung.",
        ),
        what_to_bring=_t(
            "Je parkeerkaart voor personen met een handicap en je identiteitskaart.",
            "Votre carte de stationnement pour personnes handicapées et votre carte d'identité.",
            "Your disability parking card and your identity card.",
            "Ihr Parkausweis für Menschen mit Behinderung und Ihr Personalausweis.",
        ),
        cost=FREE,
        theme=Theme.MOBILITY,
        product_type=ProductType.INFRASTRUCTURE,
        department=MOBILITY,
        keywords=["gehandicaptenparking", "mindervalidenparking", "parkeerplaats", "handicap"],
        ipdc_number="88",
        ipdc_uuid="7deb8241-ebb4-42b0-ae45-a245f05d08a2",
        in_small=False,
    ),
]

PRODUCTS_BY_SLUG: dict[str, ProductSpec] = {spec.slug: spec for spec in PRODUCTS}


# The Dutch texts above address people informally ("je"), as Demerdonk does. Scheldemeer
# addresses them formally ("u"); these are its Dutch texts wherever the wording differs.
FORMAL_NL: dict[tuple[str, str], str] = {
    ("eid", "what_to_bring"): (
        "Oproepingsbrief, uw huidige identiteitskaart (of het attest van verlies of "
        "diefstal) en een recente kleurenpasfoto volgens de ICAO-normen (max. 6 maanden "
        "oud), tenzij de foto aan het loket genomen wordt."
    ),
    ("pin-puk", "description"): (
        "PIN-code vergeten of kaart geblokkeerd? Vraag nieuwe codes aan of deblokkeer uw "
        "eID aan het loket."
    ),
    ("pin-puk", "what_to_bring"): ("Uw identiteitskaart."),
    ("vreemdelingenkaart", "what_to_bring"): (
        "Uw huidige verblijfskaart (of attest van verlies of diefstal), uw paspoort en "
        "een recente pasfoto, tenzij de foto aan het loket genomen wordt."
    ),
    ("identiteitsbewijs-niet-belgisch-kind", "description"): (
        "Papieren identiteitsbewijs voor kinderen onder 12 jaar zonder Belgische "
        "nationaliteit; u krijgt het meteen mee."
    ),
    ("reispas", "what_to_bring"): (
        "Uw identiteitskaart, een recente ICAO-pasfoto (tenzij aan het loket genomen) en "
        "uw vorige reispas of een attest van verlies of diefstal. Minderjarigen komen met "
        "minstens één ouder."
    ),
    ("rijbewijs", "description"): (
        "Uw definitieve rijbewijs aanvragen na het praktisch examen, of een rijbewijs "
        "vernieuwen of vervangen."
    ),
    ("rijbewijs", "what_to_bring"): (
        "Uw identiteitskaart, uw voorlopig rijbewijs en het slaagbewijs van het examencentrum."
    ),
    ("voorlopig-rijbewijs", "description"): (
        "Een voorlopig rijbewijs (leervergunning) aanvragen nadat u geslaagd bent voor "
        "het theoretisch examen."
    ),
    ("voorlopig-rijbewijs", "what_to_bring"): (
        "Uw identiteitskaart en het slaagbewijs van het theoretisch examen; bij begeleid "
        "rijden ook de identiteitskaart van uw begeleider(s)."
    ),
    ("internationaal-rijbewijs", "what_to_bring"): (
        "Uw identiteitskaart, een recente pasfoto en uw geldig Belgisch rijbewijs."
    ),
    ("adreswijziging", "description"): (
        "Geef uw verhuis binnen 8 werkdagen door. Daarna volgt een woonstcontrole door de "
        "wijkagent."
    ),
    ("verhuis-buitenland", "description"): (
        "Meld uw vertrek naar het buitenland, zodat u uit het bevolkingsregister wordt "
        "geschrapt en uw documenten in orde zijn."
    ),
    ("verhuis-buitenland", "what_to_bring"): (
        "Uw nieuwe buitenlandse adres en de identiteitskaarten van alle gezinsleden vanaf "
        "12 jaar, met hun PIN- en PUK-code."
    ),
    ("attest-hoofdverblijfplaats", "description"): (
        "Bewijst op welk adres u ingeschreven bent, eventueel met adreshistoriek."
    ),
    ("attest-hoofdverblijfplaats", "what_to_bring"): (
        "Uw identiteitskaart of verblijfsdocument. Voor iemand anders: diens ondertekende "
        "volmacht, een kopie van diens identiteitskaart en uw eigen identiteitskaart."
    ),
    ("attest-gezinssamenstelling", "description"): (
        "Vermeldt wie er op uw adres ingeschreven is, bijvoorbeeld voor een studiebeurs "
        "of een huurcontract."
    ),
    ("attest-gezinssamenstelling", "what_to_bring"): (
        "Uw identiteitskaart of verblijfsdocument. Voor iemand anders: diens ondertekende "
        "volmacht, een kopie van diens identiteitskaart en uw eigen identiteitskaart."
    ),
    ("attest-leven", "description"): (
        "Bewijst dat u in leven bent, vaak gevraagd door buitenlandse pensioenfondsen."
    ),
    ("attest-leven", "what_to_bring"): (
        "Uw identiteitskaart en eventueel het formulier van de pensioeninstelling."
    ),
    ("attest-nationaliteit", "description"): ("Bewijst dat u de Belgische nationaliteit hebt."),
    ("attest-nationaliteit", "what_to_bring"): (
        "Uw identiteitskaart. Voor iemand anders: diens volmacht en een kopie van diens "
        "identiteitskaart."
    ),
    ("uittreksel-strafregister", "what_to_bring"): (
        "Uw identiteitskaart, en vermeld waarvoor u het uittreksel nodig hebt."
    ),
    ("wettiging-handtekening", "description"): (
        "De gemeente bevestigt dat een handtekening echt is. U ondertekent aan het loket."
    ),
    ("wettiging-handtekening", "what_to_bring"): (
        "Het document (nog niet ondertekend) en uw identiteitskaart."
    ),
    ("wilsverklaring-euthanasie", "description"): (
        "Laat uw wilsverklaring over euthanasie registreren, zodat artsen ze kunnen raadplegen."
    ),
    ("wilsverklaring-euthanasie", "what_to_bring"): (
        "Het ingevulde en ondertekende formulier (met handtekeningen van twee getuigen) "
        "en uw identiteitskaart."
    ),
    ("orgaandonatie", "description"): (
        "Registreer uw toestemming of weigering voor orgaandonatie na uw overlijden."
    ),
    ("orgaandonatie", "what_to_bring"): ("Uw identiteitskaart."),
    ("laatste-wilsbeschikking", "description"): (
        "Leg vast hoe u begraven of gecremeerd wilt worden en volgens welke levensbeschouwing."
    ),
    ("laatste-wilsbeschikking", "what_to_bring"): ("Uw identiteitskaart."),
    ("geboorteaangifte", "what_to_bring"): (
        "Uw identiteitskaart, het medisch attest van de geboorte en, als de aangever "
        "gehuwd is met de moeder, het trouwboekje."
    ),
    ("huwelijksaangifte", "description"): (
        "Minstens 14 dagen en hoogstens 6 maanden vóór het huwelijk doet u samen "
        "aangifte. Daarna legt u de trouwdatum vast."
    ),
    ("huwelijk", "description"): (
        "De trouwplechtigheid in de trouwzaal, na een geldige huwelijksaangifte. De "
        "dienst burgerlijke stand plant het moment met u in."
    ),
    ("wettelijk-samenwonen", "what_to_bring"): (
        "De identiteitskaarten van beide partners; staat uw burgerlijke staat niet in de "
        "registers, dan een bewijs van ongehuwde staat (max. 6 maanden oud)."
    ),
    ("overlijdensaangifte", "what_to_bring"): (
        "Het overlijdensattest van de arts, de identiteitskaart en het rijbewijs van de "
        "overledene, uw eigen identiteitskaart en een eventuele laatste wilsbeschikking."
    ),
    ("veranderen-voornaam", "description"): (
        "Een aanvraag om uw voornaam te laten veranderen, behandeld door de ambtenaar van "
        "de burgerlijke stand."
    ),
    ("veranderen-voornaam", "what_to_bring"): (
        "Uw identiteitskaart en een motivering van uw aanvraag."
    ),
    ("omgeving-voorafgaand-overleg", "description"): (
        "Bespreek uw bouw- of verbouwplannen met een omgevingsambtenaar voor u een "
        "omgevingsvergunning aanvraagt."
    ),
    ("omgevingsvergunning", "title"): ("Hulp bij uw aanvraag omgevingsvergunning"),
    ("omgevingsvergunning", "description"): (
        "Samen met een medewerker uw dossier op het Omgevingsloket invullen of aanvullen."
    ),
    ("omgevingsvergunning", "what_to_bring"): (
        "Uw identiteitskaart en PIN-code, de plannen en foto's van de huidige toestand."
    ),
    ("stedenbouwkundig-attest", "what_to_bring"): (
        "Het kadastraal perceelnummer, een situatieschets en een korte beschrijving van "
        "uw project."
    ),
    ("afvalcontainer", "what_to_bring"): (
        "Uw identiteitskaart; bij omruilen het containernummer."
    ),
    ("compostvat-premie", "what_to_bring"): ("Uw identiteitskaart en uw rekeningnummer."),
    ("grofvuil", "what_to_bring"): (
        "Uw identiteitskaart en een lijst van de stukken die opgehaald moeten worden."
    ),
    ("bewonerskaart", "description"): (
        "Parkeren in de blauwe zone of betalend gebied in uw eigen buurt, zonder tijdslimiet."
    ),
    ("bewonerskaart", "what_to_bring"): (
        "Uw identiteitskaart en het inschrijvingsbewijs van het voertuig; bij een "
        "bedrijfswagen ook een attest van de werkgever."
    ),
    ("parkeerplaats-handicap", "description"): (
        "Vraag een voorbehouden parkeerplaats aan in de buurt van uw woning."
    ),
    ("parkeerplaats-handicap", "what_to_bring"): (
        "Uw parkeerkaart voor personen met een handicap en uw identiteitskaart."
    ),
}
