"""Demo content of the national site in Finnish, Swedish, English and plain Finnish.

Written from shared/DOMAIN.md (the facts of the seeds). Each page: its type, slug per language,
and per language its title and fields. A language left out falls back to the Finnish source
(an alias page whose <html lang> stays "fi").
"""

from core.demo import bullet_list, paragraphs

FI, SV, EN, SELKO = "fi", "sv", "en", "fi-x-selko"

HOME = {
    FI: {
        "title": "Kaikukortti",
        "intro": paragraphs(
            "Kaikukortti on maksuton kulttuurikortti ihmisille, joiden taloudellinen tilanne on tiukka. "
            "Kortilla pääsee maksutta teattereihin, museoihin, festivaaleille, kansalaisopistojen kursseille "
            "ja uimahalleihin."
        ),
        "who_title": "Kuka voi saada kortin?",
        "who_text": paragraphs(
            "Kortin voi saada 16 vuotta täyttänyt, joka on mukana olevan sosiaali-, terveys- tai hyvinvointialan "
            "toimipaikan asiakas ja jonka taloudellinen tilanne on niin tiukka, ettei hän voi siksi käyttää "
            "kulttuuripalveluja. Tulorajaa ei ole eikä tuloja tarvitse todistaa."
        ),
        "where_title": "Missä kortti käy?",
        "where_text": paragraphs(
            "Kortti käy kaikilla Kaikukortti-alueilla: yli sadassa kunnassa eri puolilla Suomea. "
            "Samaan tapahtumaan saa maksuttomat liput myös omille alle 16-vuotiaille lapsille ja lapsenlapsille."
        ),
    },
    SV: {
        "title": "Kaikukortet",
        "intro": paragraphs(
            "Kaikukortet är ett avgiftsfritt kulturkort för personer med en stram ekonomi. Med kortet kommer du "
            "gratis in på teatrar, museer, festivaler, medborgarinstitutens kurser och simhallar."
        ),
        "who_title": "Vem kan få kortet?",
        "who_text": paragraphs(
            "Kortet kan fås av den som fyllt 16 år, är klient hos en deltagande social-, hälso- eller "
            "välfärdsenhet och har en så stram ekonomi att hen därför inte kan använda kulturtjänster. "
            "Det finns ingen inkomstgräns och inkomsterna behöver inte styrkas."
        ),
        "where_title": "Var gäller kortet?",
        "where_text": paragraphs(
            "Kortet gäller i alla Kaikukort-regioner, i över hundra kommuner runt om i Finland. Till samma "
            "evenemang får också egna barn och barnbarn under 16 år gratis biljetter."
        ),
    },
    EN: {
        "title": "Kaikukortti culture card",
        "intro": paragraphs(
            "Kaikukortti is a free culture card for people in a tight financial situation. With the card you get "
            "into theatres, museums, festivals, adult-education courses and swimming halls for free."
        ),
        "who_title": "Who can get the card?",
        "who_text": paragraphs(
            "Anyone aged 16 or over who is a client of a participating social, health or welfare unit and whose "
            "financial situation is so tight that they cannot use culture services for that reason. There is no "
            "income limit and no proof of income is needed."
        ),
        "where_title": "Where does the card work?",
        "where_text": paragraphs(
            "The card works in every Kaikukortti region, in more than a hundred municipalities across Finland. "
            "Your own children and grandchildren under 16 also get free tickets to the same event."
        ),
    },
    SELKO: {
        "title": "Kaikukortti",
        "intro": paragraphs(
            "Kaikukortti on ilmainen kortti. Sillä pääset ilmaiseksi teatteriin, museoon, konserttiin, "
            "kurssille tai uimahalliin. Kortti on tarkoitettu ihmisille, joilla on vähän rahaa."
        ),
        "who_title": "Kuka saa kortin?",
        "who_text": paragraphs(
            "Voit saada kortin, jos olet vähintään 16-vuotias. Sinun pitää olla asiakas sosiaali- tai "
            "terveyspalvelussa, joka jakaa kortteja. Sinulla on niin vähän rahaa, että et voi maksaa "
            "kulttuurista. Sinun ei tarvitse näyttää tulojasi."
        ),
        "where_title": "Missä kortti käy?",
        "where_text": paragraphs(
            "Kortti käy monessa paikassa eri puolilla Suomea. Omat lapset ja lapsenlapset, jotka ovat alle "
            "16-vuotiaita, pääsevät samaan tapahtumaan ilmaiseksi."
        ),
    },
}

CARDHOLDER_FAQ = {
    FI: [
        (
            "Maksaako kortti jotain?",
            "Ei. Kortti on maksuton. Jos ostat lipun lipunvälittäjältä, maksat sen palvelumaksun.",
        ),
        (
            "Kauanko kortti on voimassa?",
            "12 kuukautta siitä, kun sait sen, tai alueen kokeilun loppuun. Voimassaoloa voi jatkaa ilman uutta korttia.",
        ),
        (
            "Mitä kohteessa kysytään?",
            "Vain kortin numero. Sinua voidaan pyytää todistamaan henkilöllisyytesi.",
        ),
    ],
    SV: [
        (
            "Kostar kortet något?",
            "Nej. Kortet är avgiftsfritt. Köper du biljetten via en biljettförmedling betalar du dess serviceavgift.",
        ),
        (
            "Hur länge gäller kortet?",
            "12 månader från att du fick det, eller till slutet av regionens försök. Giltigheten kan förlängas utan nytt kort.",
        ),
        (
            "Vad frågar man på platsen?",
            "Bara kortets nummer. Du kan bli ombedd att styrka din identitet.",
        ),
    ],
    EN: [
        (
            "Does the card cost anything?",
            "No. The card is free. If you buy the ticket through a ticket agency, you pay its service fee.",
        ),
        (
            "How long is the card valid?",
            "12 months from the day you got it, or until the end of the region's pilot. It can be extended without a new card.",
        ),
        (
            "What am I asked at the venue?",
            "Only the card number. You may be asked to prove who you are.",
        ),
    ],
    SELKO: [
        (
            "Maksaako kortti?",
            "Ei maksa. Kortti on ilmainen. Jos ostat lipun lippupalvelusta, maksat pienen palvelumaksun.",
        ),
        (
            "Kauanko kortti toimii?",
            "Kortti toimii 12 kuukautta. Voit pyytää lisää aikaa. Et tarvitse uutta korttia.",
        ),
        ("Mitä minulta kysytään?", "Vain kortin numero. Voit joutua näyttämään henkilökortin."),
    ],
}


def faq_block(title, items):
    return {
        "type": "faq",
        "value": {
            "title": title,
            "items": [{"question": q, "answer": paragraphs(a)} for q, a in items],
        },
    }


SECTIONS = [
    {
        "key": "cardholders",
        "model": "SectionPage",
        "extra": {"audience": "cardholders"},
        "menu": True,
        FI: {
            "slug": "kaikukortti-minulle",
            "title": "Kaikukortti minulle?",
            "intro": paragraphs("Näin saat kortin ja näin käytät sitä."),
            "body": [
                {"type": "heading", "value": {"text": "Mistä kortin saa?", "level": "h2"}},
                {
                    "type": "paragraph",
                    "value": paragraphs(
                        "Kortin saa siitä sosiaali-, terveys- tai hyvinvointialan palvelusta, jonka asiakas olet, "
                        "jos palvelu jakaa Kaikukortteja. Kysy työntekijältä.",
                        "Kortti on henkilökohtainen. Siihen kirjoitetaan nimesi, alle 16-vuotiaiden lastesi ja "
                        "lastenlastesi määrä sekä voimassaoloaika.",
                    ),
                },
                faq_block("Usein kysyttyä", CARDHOLDER_FAQ[FI]),
            ],
        },
        SV: {
            "slug": "kaikukortet-for-mig",
            "title": "Kaikukortet för mig?",
            "intro": paragraphs("Så här får du kortet och så här använder du det."),
            "body": [
                {"type": "heading", "value": {"text": "Var får man kortet?", "level": "h2"}},
                {
                    "type": "paragraph",
                    "value": paragraphs(
                        "Du får kortet av den social-, hälso- eller välfärdstjänst där du är klient, om tjänsten "
                        "delar ut Kaikukort. Fråga personalen.",
                        "Kortet är personligt. På det skrivs ditt namn, antalet egna barn och barnbarn under 16 år "
                        "och hur länge kortet gäller.",
                    ),
                },
                faq_block("Vanliga frågor", CARDHOLDER_FAQ[SV]),
            ],
        },
        EN: {
            "slug": "kaikukortti-for-me",
            "title": "Kaikukortti for me?",
            "intro": paragraphs("How to get the card and how to use it."),
            "body": [
                {"type": "heading", "value": {"text": "Where do I get the card?", "level": "h2"}},
                {
                    "type": "paragraph",
                    "value": paragraphs(
                        "You get the card from the social, health or welfare service whose client you are, if that "
                        "service hands out Kaikukortti cards. Ask the staff.",
                        "The card is personal. Your name, the number of your own children and grandchildren under 16 "
                        "and the validity are written on it.",
                    ),
                },
                faq_block("Frequently asked questions", CARDHOLDER_FAQ[EN]),
            ],
        },
        SELKO: {
            "slug": "kaikukortti-minulle",
            "title": "Kaikukortti minulle?",
            "intro": paragraphs(
                "Tässä kerrotaan, miten saat kortin. Tässä kerrotaan myös, miten käytät korttia."
            ),
            "body": [
                {"type": "heading", "value": {"text": "Mistä saan kortin?", "level": "h2"}},
                {
                    "type": "paragraph",
                    "value": paragraphs(
                        "Saat kortin paikasta, jossa olet asiakas. Se voi olla esimerkiksi sosiaalitoimisto. "
                        "Kysy korttia työntekijältä.",
                        "Kortissa on sinun nimesi. Kortissa on myös päivä, jolloin kortti lakkaa toimimasta.",
                    ),
                },
                faq_block("Kysymyksiä ja vastauksia", CARDHOLDER_FAQ[SELKO]),
            ],
        },
    },
    {
        "key": "distributors",
        "model": "SectionPage",
        "extra": {"audience": "distributors"},
        "menu": True,
        FI: {
            "slug": "kortinjakajille",
            "title": "Kortinjakajille",
            "intro": paragraphs(
                "Kortinjakaja on sosiaali-, terveys- tai hyvinvointialan toimipaikka, jonka asiakkaat ovat "
                "enimmäkseen tiukassa taloudellisessa tilanteessa. Kortinjakaja sitoutuu valtakunnalliseen "
                "toimintamalliin, nimeää yhteyshenkilön ja perehdyttää henkilöstönsä."
            ),
            "body": [
                {
                    "type": "paragraph",
                    "value": paragraphs(
                        "Uudet kortinjakajat valitaan yhdessä Kaikukeskuksen kanssa, ja ne voivat aloittaa vain "
                        "vuoden alussa. Neuvottele alueesi vastuuhenkilön kanssa syksyllä.",
                        "Kortin saajalta kirjataan Kaikukantaan vain nimettömät taustatiedot: syntymävuosi, "
                        "postinumero ja alle 16-vuotiaiden lasten määrä ovat pakollisia. Nimeä, henkilötunnusta, "
                        "osoitetta tai puhelinnumeroa ei kirjata koskaan.",
                    ),
                }
            ],
        },
        SV: {
            "slug": "for-kortutdelare",
            "title": "För kortutdelare",
            "intro": paragraphs(
                "En kortutdelare är en social-, hälso- eller välfärdsenhet vars klienter för det mesta har en "
                "stram ekonomi. Utdelaren förbinder sig till den nationella verksamhetsmodellen, utser en "
                "kontaktperson och introducerar sin personal."
            ),
            "body": [
                {
                    "type": "paragraph",
                    "value": paragraphs(
                        "Nya kortutdelare väljs tillsammans med Kaikucentret och kan börja endast vid årets början.",
                        "I registret antecknas bara anonyma bakgrundsuppgifter. Namn, personbeteckning, adress eller "
                        "telefonnummer antecknas aldrig.",
                    ),
                }
            ],
        },
        EN: {
            "slug": "for-distributors",
            "title": "For card distributors",
            "intro": paragraphs(
                "A card distributor is a social, health or welfare unit whose clients are mostly in a tight "
                "financial situation. It commits to the national operating model, names a contact person and "
                "trains its staff."
            ),
            "body": [
                {
                    "type": "paragraph",
                    "value": paragraphs(
                        "New distributors are chosen together with the national office and can join only at the start "
                        "of a year.",
                        "Only anonymous background data is recorded in the registry. A name, identity number, address "
                        "or phone number is never recorded.",
                    ),
                }
            ],
        },
        SELKO: {
            "slug": "kortinjakajille",
            "title": "Kortin jakajille",
            "intro": paragraphs(
                "Kortin jakaja on paikka, joka antaa kortteja asiakkailleen. Se voi olla esimerkiksi "
                "sosiaalitoimisto tai järjestö. Jakaja lupaa noudattaa yhteisiä sääntöjä."
            ),
        },
    },
    {
        "key": "venues",
        "model": "SectionPage",
        "extra": {"audience": "venues"},
        "menu": True,
        FI: {
            "slug": "kohteille",
            "title": "Kulttuuri- ja liikuntakohteille",
            "intro": paragraphs(
                "Kaikukortti-kohde päästää kortinhaltijat maksutta tilaisuuksiinsa ja kursseilleen. Kohde voi "
                "asettaa ylärajan kortilla annettaville lipuille. Yläraja ei ole kiintiö: kortinhaltija varaa "
                "lippunsa yhtä aikaisin kuin muutkin."
            ),
            "body": [
                {
                    "type": "paragraph",
                    "value": paragraphs(
                        "Yläraja on yleensä vähintään 5 % näytöksen lipuista. Pienissä, enintään 50 hengen "
                        "esityksissä ja kursseilla yläraja voi olla 2. Yli 1000 hengen tapahtumissa yläraja on "
                        "vähintään 20 lippua.",
                        "Kohde kirjaa jokaisen käyntikerran Kaikukantaan kortin numerolla.",
                    ),
                }
            ],
        },
        SV: {
            "slug": "for-besoksmal",
            "title": "För kultur- och idrottsplatser",
            "intro": paragraphs(
                "En Kaikukort-plats släpper in korthavare gratis. Platsen kan sätta ett tak för antalet "
                "biljetter med kortet. Taket är ingen kvot: korthavaren bokar lika tidigt som andra."
            ),
        },
        EN: {
            "slug": "for-venues",
            "title": "For culture and sport venues",
            "intro": paragraphs(
                "A Kaikukortti venue lets cardholders in free. A venue may set a cap on card tickets. A cap is not "
                "a quota: cardholders book as early as anyone else."
            ),
            "body": [
                {
                    "type": "paragraph",
                    "value": paragraphs(
                        "The cap is usually at least 5 % of a show's tickets; 2 for small shows of at most 50 people and "
                        "for courses; at least 20 for events of over 1000 people."
                    ),
                }
            ],
        },
        SELKO: {
            "slug": "kohteille",
            "title": "Paikoille, joihin kortilla pääsee",
            "intro": paragraphs(
                "Teatteri, museo tai uimahalli voi olla mukana. Silloin kortin omistaja pääsee sinne ilmaiseksi."
            ),
        },
    },
    {
        "key": "coordinators",
        "model": "SectionPage",
        "extra": {"audience": "coordinators"},
        "menu": True,
        FI: {
            "slug": "vastuuhenkiloille",
            "title": "Alueiden vastuuhenkilöille",
            "intro": paragraphs(
                "Alueen vastuuhenkilöt rekrytoivat kohteet ja kortinjakajat, tuottavat paikallisen materiaalin, "
                "pitävät paikallisen verkkosivun ajan tasalla ja seuraavat korttien käyttöä Kaikukannassa."
            ),
            "body": [
                {
                    "type": "paragraph",
                    "value": paragraphs(
                        "Esite ja muu viestintämateriaali lähetetään Kaikukeskukseen hyväksyttäväksi ennen painamista."
                    ),
                }
            ],
        },
        SV: {
            "slug": "for-ansvarspersoner",
            "title": "För regionernas ansvarspersoner",
            "intro": paragraphs(
                "Regionens ansvarspersoner rekryterar platser och kortutdelare, tar fram lokalt material och "
                "följer användningen i registret."
            ),
        },
        EN: {
            "slug": "for-coordinators",
            "title": "For regional coordinators",
            "intro": paragraphs(
                "Regional coordinators recruit venues and distributors, produce local material, keep the local "
                "web page up to date and follow card use in the registry."
            ),
        },
    },
]

NEWS_INDEX = {
    FI: {"slug": "uutiset", "title": "Uutiset"},
    SV: {"slug": "nyheter", "title": "Nyheter"},
    EN: {"slug": "news", "title": "News"},
    SELKO: {"slug": "uutiset", "title": "Uutiset"},
}

NEWS = [
    {
        "date": "2026-10-15",
        FI: {
            "slug": "kymmenen-vuotta-kaikukorttia",
            "title": "Kymmenen vuotta Kaikukorttia",
            "intro": paragraphs(
                "Kymmenessä vuodessa korttia on jaettu noin 98 000 ihmiselle ja sillä on käyty "
                "kulttuurissa noin 268 000 kertaa."
            ),
        },
        SV: {
            "slug": "tio-ar-av-kaikukortet",
            "title": "Tio år av Kaikukortet",
            "intro": paragraphs(
                "På tio år har kortet delats ut till cirka 98 000 personer och använts cirka "
                "268 000 gånger."
            ),
        },
        EN: {
            "slug": "ten-years-of-kaikukortti",
            "title": "Ten years of Kaikukortti",
            "intro": paragraphs(
                "In ten years about 98,000 people have received the card and used it about "
                "268,000 times."
            ),
        },
        SELKO: {
            "slug": "kortti-10-vuotta",
            "title": "Kortti on ollut käytössä 10 vuotta",
            "intro": paragraphs(
                "Noin 98 000 ihmistä on saanut kortin. Korttia on käytetty noin 268 000 kertaa."
            ),
        },
    },
    {
        "date": "2026-09-01",
        FI: {
            "slug": "pohjois-savo-mukaan",
            "title": "Pohjois-Savo mukaan Kaikukortti-toimintaan",
            "intro": paragraphs("Kuopio ja 18 muuta kuntaa aloittavat Kaikukortti-toiminnan."),
        },
        SV: {
            "slug": "norra-savolax-med",
            "title": "Norra Savolax med i Kaikukortet",
            "intro": paragraphs("Kuopio och 18 andra kommuner börjar med Kaikukortet."),
        },
        EN: {
            "slug": "north-savo-joins",
            "title": "North Savo joins Kaikukortti",
            "intro": paragraphs("Kuopio and 18 other municipalities start with Kaikukortti."),
        },
    },
]

CONTACT = {
    FI: {
        "slug": "yhteystiedot",
        "title": "Yhteystiedot",
        "intro": paragraphs(
            "Kaikukortin valtakunnallista toimintaa koordinoi Kulttuuria kaikille -palvelu (Kaikukeskus)."
        ),
    },
    SV: {
        "slug": "kontakt",
        "title": "Kontaktuppgifter",
        "intro": paragraphs(
            "Den nationella verksamheten koordineras av Kulttuuria kaikille -tjänsten (Kaikucentret)."
        ),
    },
    EN: {
        "slug": "contact",
        "title": "Contact",
        "intro": paragraphs(
            "The national work is coordinated by Culture for All (the national office)."
        ),
    },
    SELKO: {
        "slug": "yhteystiedot",
        "title": "Yhteystiedot",
        "intro": paragraphs("Voit kysyä kortista Kaikukeskukselta."),
    },
}

PRIVACY = {
    FI: {
        "slug": "tietosuojaseloste",
        "title": "Tietosuojaseloste",
        "intro": paragraphs(
            "Kaikukannassa on kolme tietoryhmää: käyttäjäprofiilit (ylläpitäjät, vastuuhenkilöt, jakajat ja "
            "kohteet), kortinjakajien kirjaamat nimettömät taustatiedot ja kohteiden kirjaamat käyttötiedot. "
            "Tietoja käytetään tilastointiin, raportointiin ja toiminnan kehittämiseen."
        ),
        "body": [
            {
                "type": "paragraph",
                "value": paragraphs(
                    "Kortinhaltijasta ei tallenneta nimeä, syntymäaikaa, henkilötunnusta, osoitetta eikä "
                    "puhelinnumeroa. Tilastot kootaan niin, ettei yksittäistä ihmistä voi tunnistaa."
                ),
            }
        ],
    },
    SV: {
        "slug": "dataskyddsbeskrivning",
        "title": "Dataskyddsbeskrivning",
        "intro": paragraphs(
            "Registret innehåller användarprofiler, anonyma bakgrundsuppgifter och uppgifter om användning. "
            "Uppgifterna används för statistik, rapportering och utveckling. Namn, födelsedatum, "
            "personbeteckning, adress eller telefonnummer sparas aldrig."
        ),
    },
    EN: {
        "slug": "privacy-statement",
        "title": "Privacy statement",
        "intro": paragraphs(
            "The registry holds user profiles, anonymous background data and usage data, used for statistics, "
            "reporting and development. A cardholder's name, birth date, identity number, address or phone "
            "number is never stored."
        ),
    },
    SELKO: {
        "slug": "tietosuoja",
        "title": "Tietosuoja",
        "intro": paragraphs(
            "Emme tallenna nimeäsi. Emme tallenna osoitettasi tai puhelinnumeroasi. Tallennamme vain tietoja, "
            "joista sinua ei voi tunnistaa."
        ),
    },
}

EXCEPTIONS = {
    # Only in Finnish and Swedish: English and plain Finnish fall back to the Finnish page.
    FI: {
        "slug": "poikkeukset-2026",
        "title": "Poikkeukset toimintamalliin 2026",
        "intro": paragraphs(
            "Vuonna 2026 voimassa olevat poikkeukset valtakunnalliseen toimintamalliin."
        ),
        "body": [
            {
                "type": "table",
                "value": {
                    "caption": "Poikkeukset alueittain",
                    "table": {
                        "data": [
                            ["Alue", "Poikkeus"],
                            ["Kainuu", "Uimahallien yläraja 10 käyntiä päivässä koko vuoden."],
                            ["Lappi", "Kemin kokeilu jatkuu 31.12.2026 asti."],
                        ],
                        "first_row_is_table_header": True,
                        "first_col_is_header": True,
                    },
                },
            }
        ],
    },
    SV: {
        "slug": "undantag-2026",
        "title": "Undantag från verksamhetsmodellen 2026",
        "intro": paragraphs("Undantag från den nationella verksamhetsmodellen som gäller år 2026."),
    },
}

ACCESSIBILITY = {
    FI: {
        "slug": "saavutettavuusseloste",
        "title": "Saavutettavuusseloste",
        "intro": paragraphs("Tämä saavutettavuusseloste koskee Kaikukortin verkkosivustoa."),
        "non_accessible": bullet_list(
            "Osa vanhoista PDF-aineistoista ei ole saavutettavia. Korvaamme ne saavutettavilla versioilla "
            "vuoden 2027 aikana."
        ),
        "assessment_method": "Arvioimme sivuston itse automaattisella testauksella (axe-core) ja "
        "näppäimistöllä sekä ruudunlukijalla.",
        "feedback_text": "Jos huomaat saavutettavuuspuutteen, kerro siitä meille. Vastaamme kahden viikon kuluessa.",
        "supervisory_authority": paragraphs(
            "Jos et ole tyytyväinen vastaukseen, voit tehdä ilmoituksen valvontaviranomaiselle. "
            'Tiedot löydät sivustolta <a href="https://www.saavutettavuusvaatimukset.fi/">saavutettavuusvaatimukset.fi</a>.'
        ),
    },
    SV: {
        "slug": "tillganglighetsutlatande",
        "title": "Tillgänglighetsutlåtande",
        "intro": paragraphs("Detta tillgänglighetsutlåtande gäller Kaikukortets webbplats."),
        "non_accessible": bullet_list(
            "En del äldre PDF-material är inte tillgängliga. Vi ersätter dem under 2027."
        ),
        "assessment_method": "Vi har bedömt webbplatsen själva med automatisk testning (axe-core), "
        "tangentbord och skärmläsare.",
        "feedback_text": "Om du märker en brist i tillgängligheten, berätta för oss. Vi svarar inom två veckor.",
        "supervisory_authority": paragraphs(
            "Om du inte är nöjd med svaret kan du anmäla saken till tillsynsmyndigheten. Mer information på "
            '<a href="https://www.tillganglighetskrav.fi/">tillganglighetskrav.fi</a>.'
        ),
    },
    EN: {
        "slug": "accessibility-statement",
        "title": "Accessibility statement",
        "intro": paragraphs("This accessibility statement applies to the Kaikukortti website."),
        "non_accessible": bullet_list(
            "Some older PDF materials are not accessible. We replace them during 2027."
        ),
        "assessment_method": "We assessed the site ourselves with automated testing (axe-core), a keyboard and "
        "a screen reader.",
        "feedback_text": "If you notice an accessibility problem, tell us. We answer within two weeks.",
        "supervisory_authority": paragraphs(
            "If you are not satisfied with our answer, you can notify the supervisory authority. See "
            '<a href="https://www.webaccessibility.fi/">webaccessibility.fi</a>.'
        ),
    },
    SELKO: {
        "slug": "saavutettavuus",
        "title": "Saavutettavuus",
        "intro": paragraphs("Haluamme, että kaikki voivat käyttää sivuja."),
        "non_accessible": bullet_list(
            "Osa vanhoista PDF-tiedostoista on vaikea lukea ruudunlukijalla."
        ),
        "assessment_method": "Testasimme sivut itse. Käytimme testiohjelmaa, näppäimistöä ja ruudunlukijaa.",
        "feedback_text": "Kerro meille, jos sivuilla on ongelma. Vastaamme kahden viikon sisällä.",
        "supervisory_authority": paragraphs(
            "Jos et ole tyytyväinen vastaukseen, voit ottaa yhteyttä valvojaan: "
            '<a href="https://www.saavutettavuusvaatimukset.fi/">saavutettavuusvaatimukset.fi</a>.'
        ),
    },
}
