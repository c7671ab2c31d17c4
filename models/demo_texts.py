"""Swedish text data for the demo activity: submissions, comments and answers."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from .submission import Urgency


@dataclass(frozen=True)
class Item:
    """One demo submission: its text, where it comes from and how it ends."""

    kind: str
    origin: str
    status: str
    title: str
    summary: str
    body: str
    groups: tuple[str, ...] = ()
    parties: tuple[str, ...] = ()
    fields: dict[str, object] = field(default_factory=dict)
    note: str = ""  # decline reason or withdrawal reason
    merge_into: str = ""  # title of the accepted submission it is merged into
    amount: int = 0  # funding request in SEK (initiatives)
    funding: str = ""  # "rejected" overrides the decision an accepted item gets
    spread: tuple[tuple[str, str | None], ...] = ()  # (node slug, answer or None)
    age: tuple[int, int] | None = None  # days before now when it was created
    published: bool = False  # an accepted initiative the office put in the library


def need(
    origin: str,
    status: str,
    title: str,
    summary: str,
    body: str,
    groups: tuple[str, ...],
    people: int | None,
    urgency: str,
    **kw: object,
) -> Item:
    """Describe a need (behov)."""
    fields = {"people_estimate": people, "urgency": Urgency(urgency)}
    return Item(
        "need", origin, status, title, summary, body, groups, fields=fields, **kw
    )


def initiative(
    origin: str,
    status: str,
    title: str,
    summary: str,
    body: str,
    groups: tuple[str, ...],
    goal: str,
    results: str,
    **kw: object,
) -> Item:
    """Describe an initiative (initiativ), optionally with a funding request."""
    fields = {"goal": goal, "expected_results": results}
    return Item(
        "initiative", origin, status, title, summary, body, groups, fields=fields, **kw
    )


def practice(
    origin: str,
    status: str,
    title: str,
    summary: str,
    body: str,
    groups: tuple[str, ...],
    purpose: str,
    method: str,
    training: str,
    evidence: str,
    contact: str,
    **kw: object,
) -> Item:
    """Describe an effective practice shaped like a Metodguiden record."""
    fields = {
        "purpose": purpose,
        "method_md": method,
        "training": training,
        "evidence_md": evidence,
        "contact": contact,
    }
    return Item(
        "practice", origin, status, title, summary, body, groups, fields=fields, **kw
    )


SOS = "https://www.socialstyrelsen.se/kunskapsstod-och-regler"
METODGUIDEN = f"{SOS}/omraden/evidensbaserad-praktik/metodguiden"
RIKTLINJER = (
    f"{SOS}/regler-och-riktlinjer/nationella-riktlinjer/riktlinjer-och-utvarderingar"
)
FINSAM = "https://www.finsam.se"

# Demo coordinators of the nodes that have no demo account. They cannot sign in.
COORDINATOR_NAMES = {
    "arboga": "Maria Eklund",
    "hallstahammar": "Johan Berglund",
    "kungsor": "Sara Holm",
    "norberg": "Lars Wikström",
    "sala": "Eva Nordin",
    "skinnskatteberg": "Anders Sjöberg",
    "surahammar": "Lena Forsberg",
    "region-vastmanland": "Helena Åberg",
    "arbetsformedlingen": "Mikael Strand",
    "forsakringskassan": "Cecilia Lund",
}

UNGA = "unga-16-29"
SJUK = "langtidssjukskrivna"
FORS = "forsorjningsstod"
NYA = "nyanlanda"
FUNK = "funktionsnedsattning"
PSYK = "psykisk-ohalsa"
MISS = "missbruk"
LANGT = "langt-fran-arbetsmarknaden"
AF = "arbetsformedlingen"
FK = "forsakringskassan"
REG = "region-vastmanland"

NEEDS = [
    need(
        "vasteras",
        "accepted",
        "Unga vuxna som varken arbetar eller studerar",
        "Allt fler unga vuxna 20–29 år i Västerås står utanför både arbete och "
        "studier och har ingen kontakt med någon myndighet.",
        "Under det senaste året har arbetsmarknadsenheten, Arbetsförmedlingen och "
        "psykiatrin var för sig sett en växande grupp unga vuxna som inte är "
        "inskrivna någonstans. Många har avbrutit gymnasiet, en del har oupptäckt "
        "psykisk ohälsa och flera försörjs av anhöriga.\n\n"
        "Vi behöver en gemensam bild av gruppens storlek och behov, och ett sätt "
        "att nå de unga tidigare, innan utanförskapet blir långvarigt. Ingen "
        "enskild part har i dag uppdraget att söka upp dem.",
        (UNGA, LANGT),
        350,
        "high",
        parties=(AF, REG),
        age=(420, 650),
    ),
    need(
        "vasteras",
        "accepted",
        "Långtidssjukskrivna med psykisk ohälsa behöver arbetslivsinriktat stöd",
        "Sjukskrivna med lätt till medelsvår psykisk ohälsa får vård men sällan "
        "stöd tillbaka till arbete under sjukskrivningen.",
        "Försäkringskassan, primärvården och kommunen beskriver samma mönster: "
        "sjukskrivningar för stress, ångest och depression blir långa, och den "
        "arbetslivsinriktade delen kommer in sent. När arbetsförmågan prövas mot "
        "normalt förekommande arbete saknar många både arbetsgivare och plan.\n\n"
        "Behovet är en tidig, samordnad väg där vård och arbetslivsinriktade "
        "insatser går parallellt, med tydlig ansvarsfördelning mellan parterna.",
        (SJUK, PSYK),
        200,
        "high",
        parties=(FK, REG),
    ),
    need(
        "vasteras",
        "needs_info",
        "Samordning när försörjningsstöd och sjukskrivning sammanfaller",
        "Personer som både har försörjningsstöd och är sjukskrivna får "
        "motstridiga krav från olika håll.",
        "Socialtjänstens krav på att stå till arbetsmarknadens förfogande och "
        "sjukskrivningens krav på vila och behandling krockar ibland. "
        "Handläggarna saknar ett gemensamt forum för att reda ut vem som gör "
        "vad.\n\n"
        "Vi ser behov av en strukturerad samverkansrutin mellan försörjningsstöd, "
        "Försäkringskassan och vården, med gemensamma avstämningar på "
        "strukturell nivå.",
        (FORS, SJUK),
        120,
        "medium",
        parties=(FK,),
    ),
    need(
        "vasteras",
        "accepted",
        "Nyanlända kvinnor långt från arbetsmarknaden",
        "Nyanlända kvinnor som har lämnat etableringsprogrammet utan arbete eller "
        "studier behöver vägar in som tar hänsyn till språk, hälsa och "
        "familjesituation.",
        "Efter etableringstiden har en stor andel av kvinnorna varken arbete eller "
        "studier. Många har kort utbildning från hemlandet, små barn och "
        "begränsade svenskkunskaper, och de insatser som finns förutsätter ofta "
        "heltid.\n\n"
        "Behovet gäller insatser på deltid, med språkstöd och kvinnliga "
        "förebilder, och en samordning mellan SFI, Arbetsförmedlingen och "
        "kommunens arbetsmarknadsenhet.",
        (NYA, LANGT),
        180,
        "medium",
        parties=(AF,),
        age=(380, 600),
    ),
    need(
        "vasteras",
        "submitted",
        "Övergång från anpassad gymnasieskola till arbete",
        "Elever som lämnar anpassad gymnasieskola saknar ofta en planerad "
        "övergång till arbete, studier eller daglig verksamhet.",
        "Varje år lämnar ett trettiotal elever anpassad gymnasieskola i Västerås. "
        "Övergången sker ofta utan att Arbetsförmedlingen eller "
        "Försäkringskassan har varit involverade, och en del hamnar i daglig "
        "verksamhet trots att de hade kunnat arbeta med stöd.\n\n"
        "Vi behöver en gemensam planering som startar under det sista skolåret "
        "och en överlämning som alla parter känner till.",
        (UNGA, FUNK),
        35,
        "medium",
        parties=(AF, FK),
    ),
    need(
        "vasteras",
        "draft",
        "Digitalt utanförskap bland arbetssökande över 50 år",
        "Arbetssökande över 50 år med kort utbildning har svårt att använda de "
        "digitala tjänsterna för jobbsökande.",
        "Många av våra deltagare över 50 år klarar inte Arbetsförmedlingens "
        "digitala tjänster och missar därför aktiviteter och möten. Behovet är "
        "grundläggande digital vägledning, gärna kopplad till arbetsträningen.\n\n"
        "*Utkast – kompletteras med uppgifter från Arbetsförmedlingen innan det "
        "skickas in.*",
        (LANGT,),
        60,
        "low",
    ),
    need(
        "koping",
        "accepted",
        "Väntetider till arbetsträning i Köping",
        "Det är i dag tre till fyra månaders väntan på en plats i kommunal "
        "arbetsträning, och motivationen hinner tappas under väntan.",
        "Arbetsmarknadsenheten i Köping har fler anvisningar än platser. Under "
        "väntetiden har de som väntar sällan någon aktivitet, och när platsen "
        "blir ledig har en del hunnit bli sjukskrivna.\n\n"
        "Vi behöver dels fler platser, dels en gemensam förberedande aktivitet "
        "med Arbetsförmedlingen under väntetiden, så att tiden inte går "
        "förlorad.",
        (FORS, LANGT),
        40,
        "high",
        parties=(AF,),
        age=(330, 560),
    ),
    need(
        "koping",
        "needs_info",
        "Unga som lämnat gymnasiet utan examen i Västra Mälardalen",
        "Efter att ESF-projektet #KlarFramtid avslutades saknas en samordnad väg "
        "för unga som har lämnat skolan utan examen.",
        "Under projekttiden nådde #KlarFramtid många unga i Köping, Arboga och "
        "Kungsör som annars hade fallit mellan stolarna. Det kommunala "
        "aktivitetsansvaret finns kvar, men utan projektets gemensamma team blir "
        "uppföljningen splittrad.\n\n"
        "Behovet är en långsiktig form för samverkan kring unga 16–24 år i hela "
        "Västra Mälardalen.",
        (UNGA,),
        70,
        "high",
        parties=("arboga", "kungsor", AF),
    ),
    need(
        "koping",
        "submitted",
        "Samordnat stöd vid missbruk och arbetslöshet",
        "Personer i missbruksbehandling får sällan arbetslivsinriktat stöd förrän "
        "behandlingen är avslutad.",
        "Beroendevården och socialtjänstens missbruksenhet arbetar med "
        "behandling, medan arbetsmarknadsenheten tar vid först när personen "
        "bedöms som stabil. Glappet mellan insatserna kan bli långt.\n\n"
        "Vi vill undersöka hur arbetslivsinriktade insatser kan starta parallellt "
        "med behandlingen, i samverkan med Region Västmanland.",
        (MISS, FORS),
        30,
        "medium",
        parties=(REG,),
    ),
    need(
        "koping",
        "accepted",
        "Gemensam kartläggning för långtidsarbetslösa med försörjningsstöd",
        "Socialtjänsten, Arbetsförmedlingen och Försäkringskassan gör var sin "
        "kartläggning av samma målgrupp.",
        "Den som har försörjningsstöd och är inskriven på Arbetsförmedlingen "
        "kartläggs ofta två eller tre gånger med olika verktyg. Det tar tid för "
        "alla och ger ändå ingen gemensam bild av arbetsförmågan.\n\n"
        "Behovet är en gemensam kartläggningsmodell som parterna kan använda och "
        "dela resultat från, med samtycke från den enskilde.",
        (FORS, LANGT),
        90,
        "medium",
        parties=(AF, FK),
        age=(100, 160),
    ),
    need(
        "koping",
        "in_review",
        "Arbetslivsinriktat stöd vid långvarig smärta",
        "Personer med långvarig smärta blir ofta kvar i sjukskrivning eller "
        "försörjningsstöd utan arbetslivsinriktade insatser.",
        "Smärtrehabiliteringen inom regionen har långa köer och är inte inriktad "
        "på återgång i arbete. Kommunen möter gruppen inom försörjningsstödet men "
        "saknar kunskap om smärta.\n\n"
        "Vi efterfrågar ett samarbete om en anpassad arbetsträning där "
        "fysioterapeut och arbetskonsulent arbetar tillsammans.",
        (SJUK,),
        50,
        "medium",
        parties=(REG, FK),
    ),
    need(
        "sala",
        "accepted",
        "Långa avstånd till insatser för boende på landsbygden",
        "Boende på Salas landsbygd har långt till arbetsträning och vård, och "
        "kollektivtrafiken passar inte insatsernas tider.",
        "En stor del av Sala kommun är landsbygd med glesa bussförbindelser. "
        "Deltagare med försörjningsstöd eller sjukskrivning tackar nej till "
        "insatser för att resan tar för lång tid eller kostar för mycket.\n\n"
        "Behovet är insatser som kommer närmare, till exempel mobila coacher "
        "eller träffpunkter i kransorterna, i samverkan med Arbetsförmedlingen "
        "och regionen.",
        (LANGT,),
        60,
        "medium",
        parties=(AF, REG),
        age=(400, 600),
    ),
    need(
        "sala",
        "merged",
        "Unga i Sala som varken arbetar eller studerar",
        "Vi ser en ökning av unga 18–25 år som inte är i arbete eller studier och "
        "som inte är kända av någon myndighet.",
        "Kommunens aktivitetsansvar når de yngsta, men efter 20 år tappar vi "
        "kontakten. Många bor kvar hemma och syns inte förrän de söker "
        "försörjningsstöd.\n\n"
        "Vi behöver ett uppsökande arbetssätt och en gemensam kontaktväg till "
        "Arbetsförmedlingen och regionens ungdomsmottagning.",
        (UNGA,),
        55,
        "high",
        merge_into="Unga vuxna som varken arbetar eller studerar",
    ),
    need(
        "sala",
        "declined",
        "Körkortsutbildning för arbetssökande",
        "Många arbetssökande saknar körkort, vilket stänger ute dem från jobb "
        "inom vård, omsorg och industri.",
        "Arbetsgivarna i Sala efterfrågar ofta körkort även för jobb där bil inte "
        "krävs varje dag. Deltagare med försörjningsstöd har sällan råd med "
        "utbildningen.\n\n"
        "Vi önskar att förbundet finansierar teoriutbildning och körlektioner för "
        "deltagare i kommunens arbetsmarknadsinsatser.",
        (FORS, LANGT),
        40,
        "low",
        note="Körkortsutbildning är en individuell insats som inte kan "
        "finansieras med samverkansmedel enligt lagen om finansiell samordning. "
        "Vi föreslår att frågan tas upp inom kommunens och Arbetsförmedlingens "
        "ordinarie stöd.",
    ),
    need(
        "hallstahammar",
        "accepted",
        "Personer mellan sjukförsäkring och arbetsmarknad",
        "Personer som inte längre har rätt till sjukpenning men inte heller bedöms "
        "kunna ta ett arbete hamnar mellan systemen.",
        "När sjukpenningen upphör hänvisas personen till Arbetsförmedlingen, som "
        "ibland bedömer att arbetsförmågan inte räcker för matchning. Kvar blir "
        "försörjningsstöd och ett långt glapp utan planering.\n\n"
        "Vi behöver en gemensam rutin för överlämning och en insats som kan ta "
        "emot gruppen direkt, så att ingen blir utan plan.",
        (SJUK, FORS),
        35,
        "high",
        parties=(FK, AF),
    ),
    need(
        "hallstahammar",
        "in_review",
        "Brist på arbetsträningsplatser i privat sektor",
        "Nästan all arbetsträning sker i kommunens egna verksamheter; privata "
        "arbetsgivare är svåra att nå.",
        "Kommunens egna arbetsplatser är fulla och ger inte alltid den erfarenhet "
        "som leder till anställning. Lokala företag är positiva men saknar en "
        "kontaktperson och vet inte vilket stöd de kan få.\n\n"
        "Behovet är en gemensam arbetsgivarkontakt, samordnad med "
        "Arbetsförmedlingen, så att företagen möter en väg in i stället för "
        "flera.",
        (LANGT,),
        25,
        "medium",
        parties=(AF,),
    ),
    need(
        "hallstahammar",
        "withdrawn",
        "Samverkan kring unga med hög skolfrånvaro",
        "Unga med långvarig skolfrånvaro riskerar att inte fullfölja gymnasiet.",
        "Elevhälsan och socialtjänsten ser en grupp unga med mycket hög frånvaro "
        "på gymnasiet. Vi undersöker om förbundet kan stödja ett tidigare "
        "samarbete med regionens barn- och ungdomspsykiatri.\n\n"
        "Behovet gäller främst unga 16–19 år.",
        (UNGA,),
        20,
        "low",
        note="Vi drar tillbaka behovet – frågan hanteras inom kommunens "
        "samverkan mellan skola och socialtjänst.",
    ),
    need(
        "fagersta",
        "accepted",
        "Psykisk ohälsa bland unga vuxna i Norra Västmanland",
        "Unga vuxna i Fagersta, Norberg och Skinnskatteberg med psykisk ohälsa "
        "har svårt att få samordnat stöd mot arbete eller studier.",
        "Avståndet till specialistpsykiatrin i Västerås och bristen på lokala "
        "insatser gör att unga vuxna med ångest, depression eller "
        "neuropsykiatriska svårigheter blir kvar hemma. Kommunerna i norra "
        "länsdelen har var för sig för få personer för egna insatser.\n\n"
        "Behovet är en gemensam insats för de tre kommunerna, med lokal närvaro "
        "och koppling till regionens öppenvård.",
        (UNGA, PSYK),
        80,
        "high",
        parties=(REG, "norberg", "skinnskatteberg"),
    ),
    need(
        "fagersta",
        "needs_info",
        "Väg tillbaka till arbete efter missbruksbehandling",
        "Efter avslutad missbruksbehandling saknas en planerad övergång till "
        "arbetsträning eller studier.",
        "Den som har genomgått behandling på annan ort återvänder ofta till "
        "Fagersta utan att någon har planerat nästa steg. Risken för återfall är "
        "stor när vardagen saknar innehåll.\n\n"
        "Vi vill ha en rutin där arbetsmarknadsenheten kommer in redan under "
        "behandlingens sista del.",
        (MISS,),
        25,
        "medium",
        parties=(REG,),
    ),
    need(
        "fagersta",
        "submitted",
        "Uppföljning efter avslutad arbetsträning",
        "Vi vet för lite om vad som händer med deltagarna efter att "
        "arbetsträningen har avslutats.",
        "Arbetsmarknadsenheten följer upp på gruppnivå vid avslut men inte efter "
        "sex eller tolv månader. Det gör det svårt att veta vilka insatser som "
        "leder till arbete.\n\n"
        "Behovet är en gemensam uppföljningsmodell på gruppnivå, gärna kopplad "
        "till samordningsförbundens uppföljningssystem SUS.",
        (LANGT,),
        40,
        "low",
        parties=(AF,),
    ),
    need(
        "arboga",
        "accepted",
        "Långvarigt försörjningsstöd i kombination med ohälsa",
        "En växande andel av hushållen med långvarigt försörjningsstöd har "
        "ohälsa som aldrig har utretts.",
        "Socialtjänsten i Arboga ser att många som har haft försörjningsstöd i "
        "mer än tre år har besvär som aldrig har bedömts av vården. Utan "
        "bedömning kan varken sjukskrivning eller anpassade insatser komma i "
        "fråga.\n\n"
        "Vi behöver en gemensam väg till hälsobedömning och arbetslivsinriktad "
        "rehabilitering, i samverkan med primärvården och Arbetsförmedlingen.",
        (FORS, PSYK),
        60,
        "high",
        parties=(REG, AF),
    ),
    need(
        "arboga",
        "in_review",
        "Arbetsgivarkontakter för personer med funktionsnedsättning",
        "Det saknas arbetsgivare i Arboga som tar emot personer med "
        "funktionsnedsättning för praktik eller anställning med lönestöd.",
        "Personer med funktionsnedsättning som står nära arbetsmarknaden fastnar "
        "för att matchningen mot arbetsgivare inte fungerar. Arbetsförmedlingens "
        "specialister finns i Västerås och känner inte de lokala företagen.\n\n"
        "Behovet är ett gemensamt arbetsgivarnätverk i Arboga med en tydlig "
        "kontaktväg.",
        (FUNK,),
        30,
        "medium",
        parties=(AF,),
    ),
    need(
        "arboga",
        "merged",
        "Nyanlända kvinnor utanför etableringsinsatserna",
        "Nyanlända kvinnor i Arboga deltar i låg grad i insatser efter "
        "etableringstiden.",
        "Vi ser samma behov som andra kommuner har beskrivit: kvinnor med kort "
        "utbildning och små barn har svårt att delta i insatser på heltid.\n\n"
        "Vi vill gärna vara med i ett länsgemensamt arbete kring gruppen.",
        (NYA,),
        25,
        "medium",
        merge_into="Nyanlända kvinnor långt från arbetsmarknaden",
    ),
    need(
        REG,
        "accepted",
        "Tidig arbetslivsinriktad kontakt i primärvården",
        "Patienter som sjukskrivs i primärvården behöver tidigare kontakt med "
        "arbetslivsinriktade insatser.",
        "Vårdcentralernas rehabkoordinatorer når de patienter som har en "
        "arbetsgivare, men den som är arbetslös eller har försörjningsstöd får "
        "sällan samma stöd. Sjukskrivningarna blir längre och kontakten med "
        "kommunen kommer sent.\n\n"
        "Behovet är en strukturerad kontaktväg från primärvården till kommunernas "
        "arbetsmarknadsenheter och Arbetsförmedlingen.",
        (SJUK, PSYK),
        400,
        "high",
        parties=(FK, "vasteras"),
    ),
    need(
        REG,
        "submitted",
        "Gemensam kompetens om neuropsykiatriska funktionsnedsättningar",
        "Handläggare hos flera parter efterfrågar kunskap om hur adhd och autism "
        "påverkar arbetsförmågan.",
        "Allt fler deltagare i arbetslivsinriktade insatser har en "
        "neuropsykiatrisk diagnos. Handläggarna känner sig osäkra på anpassningar "
        "och bemötande.\n\n"
        "Vi föreslår en gemensam kompetenssatsning som förbundet samordnar för "
        "hela länet.",
        (FUNK, PSYK),
        150,
        "medium",
    ),
    need(
        REG,
        "declined",
        "Egen psykiatrisk mottagning för förbundets målgrupp",
        "Förslag om en särskild psykiatrisk mottagning för deltagare i "
        "samverkansinsatser.",
        "Väntetiderna till psykiatrisk bedömning är långa och försenar de "
        "arbetslivsinriktade insatserna. En särskild mottagning för förbundets "
        "målgrupp skulle korta väntan.\n\n"
        "Behovet gäller främst bedömning och kortare behandling.",
        (PSYK,),
        100,
        "medium",
        note="Samordningsförbundet får inte finansiera ordinarie hälso- och "
        "sjukvård. Behovet av kortare väntetider lyfts i stället till regionens "
        "psykiatri och till beredningsgruppen.",
    ),
    need(
        AF,
        "accepted",
        "Arbetssökande med försörjningsstöd utanför de upphandlade tjänsterna",
        "En stor grupp inskrivna med försörjningsstöd bedöms stå för långt från "
        "arbetsmarknaden för Arbetsförmedlingens upphandlade tjänster.",
        "Sedan Arbetsförmedlingen reformerades utförs mycket av stödet av "
        "fristående aktörer. Personer med omfattande behov hänvisas ofta tillbaka "
        "till kommunen, som i sin tur hänvisar till Arbetsförmedlingen.\n\n"
        "Vi behöver en gemensam bild av gruppen och en överenskommelse om vem som "
        "ansvarar för vilka insatser, i första hand i Västerås och Köping.",
        (FORS, LANGT),
        250,
        "high",
        parties=("vasteras", "koping"),
    ),
    need(
        AF,
        "needs_info",
        "Tidig samordning för unga med aktivitetsersättning",
        "Unga med aktivitetsersättning får sällan kontakt med Arbetsförmedlingen "
        "under ersättningstiden.",
        "Aktivitetsersättningen är tänkt att användas för aktiviteter som främjar "
        "arbetsförmågan, men många unga har inga planerade aktiviteter. När "
        "ersättningen upphör står de långt från arbetsmarknaden.\n\n"
        "Behovet är en gemensam planering mellan Försäkringskassan, "
        "Arbetsförmedlingen och kommunerna från start.",
        (UNGA, FUNK),
        90,
        "medium",
        parties=(FK,),
    ),
    need(
        AF,
        "merged",
        "Köer till kommunala arbetsmarknadsinsatser i Västra Mälardalen",
        "Arbetsförmedlingen ser långa köer till kommunernas arbetsträning i "
        "Köping och Arboga.",
        "Den som anvisas till kommunal arbetsträning väntar ofta i flera månader. "
        "Under tiden kan Arbetsförmedlingen erbjuda få alternativ.\n\n"
        "Vi vill samordna oss med kommunerna om förberedande aktiviteter under "
        "väntetiden.",
        (LANGT,),
        50,
        "high",
        merge_into="Väntetider till arbetsträning i Köping",
    ),
    need(
        FK,
        "accepted",
        "Sjukskrivna som prövas mot normalt förekommande arbete",
        "Efter dag 180 prövas många mot normalt förekommande arbete utan att ha en "
        "plan för omställning.",
        "När sjukpenningen upphör efter prövningen vid dag 180 står personen ofta "
        "utan arbetsgivare, utan ersättning och utan kontakt med "
        "Arbetsförmedlingen. En del hamnar i försörjningsstöd.\n\n"
        "Behovet är en samordnad omställning där Försäkringskassan, "
        "Arbetsförmedlingen och vården planerar tillsammans före prövningen.",
        (SJUK,),
        300,
        "high",
        parties=(AF, REG),
    ),
    need(
        FK,
        "in_review",
        "Aktivitetsersättning utan planerade aktiviteter",
        "Många med aktivitetsersättning på grund av nedsatt arbetsförmåga saknar "
        "aktiviteter som leder närmare arbete.",
        "Försäkringskassan kan bekosta aktiviteter men saknar lokala utförare. "
        "Kommunernas dagliga verksamhet och arbetsträning passar inte alltid.\n\n"
        "Vi vill kartlägga vilka lokala aktiviteter som finns i länet och hur de "
        "kan nås.",
        (UNGA, FUNK),
        120,
        "medium",
        parties=(AF, "vasteras"),
    ),
    need(
        FK,
        "withdrawn",
        "Utbildning om sjukförsäkringen för kommunernas handläggare",
        "Kommunernas handläggare efterfrågar kunskap om sjukförsäkringens regler.",
        "Frågor om sjukpenning och aktivitetsersättning tar mycket tid i "
        "samverkansmötena.\n\n"
        "En gemensam utbildning skulle korta handläggningen hos alla parter.",
        (SJUK,),
        None,
        "low",
        note="Dras tillbaka – Försäkringskassan erbjuder utbildningen inom den "
        "ordinarie samverkan med kommunerna.",
    ),
    need(
        "kungsor",
        "accepted",
        "Samordnare för unga vuxna i Kungsör",
        "Kungsör saknar en funktion som samordnar stödet till unga vuxna 18–29 år "
        "mellan kommunen och myndigheterna.",
        "I en liten kommun har ingen handläggare mandat eller tid att samordna "
        "kring unga vuxna som har kontakt med flera parter. Flera unga har tackat "
        "nej till insatser för att de inte vet vem de ska vända sig till.\n\n"
        "Vi ser behov av en samordnarfunktion, gärna delad med Köping och Arboga.",
        (UNGA,),
        30,
        "medium",
        parties=("koping", "arboga"),
        age=(350, 600),
    ),
    need(
        "kungsor",
        "draft",
        "Arbetsträning nära hemmet för den som saknar bil",
        "Arbetsträningsplatserna i Kungsör är svåra att nå för den som saknar bil.",
        "*Utkast:* beskriv platserna och resvägarna innan inskick. "
        "Bussförbindelserna till industriområdet är glesa.\n\n"
        "Behovet gäller både arbetsträning och praktik.",
        (LANGT,),
        15,
        "low",
    ),
    need(
        "norberg",
        "accepted",
        "Brist på praktikplatser i Norberg",
        "Norberg har för få praktik- och arbetsträningsplatser för personer med "
        "försörjningsstöd.",
        "Det lokala näringslivet består främst av små företag, och kommunens "
        "egna verksamheter kan inte ta emot fler. Deltagare får resa till "
        "Fagersta för praktik, vilket många inte klarar.\n\n"
        "Behovet är ett samarbete med Fagersta och Arbetsförmedlingen om "
        "gemensamma platser och en arbetsgivarkontakt som täcker båda "
        "kommunerna.",
        (LANGT, FORS),
        25,
        "high",
        parties=(AF, "fagersta"),
        age=(400, 600),
    ),
    need(
        "norberg",
        "declined",
        "Kollektivtrafik till arbetsträning i Fagersta",
        "Bussförbindelserna mellan Norberg och Fagersta passar inte "
        "arbetsträningens tider.",
        "Deltagare från Norberg kommer för sent eller måste gå tidigt från "
        "arbetsträningen i Fagersta. Vi önskar att förbundet verkar för "
        "anpassade turer.\n\n"
        "Frågan berör flera kommuner i norra länsdelen.",
        (LANGT,),
        15,
        "medium",
        age=(100, 350),
        note="Kollektivtrafiken ligger utanför förbundets uppdrag. Vi för frågan "
        "vidare till regionens kollektivtrafikförvaltning, och behovet av "
        "platser nära hemmet finns med i det godkända behovet om praktikplatser "
        "i Norberg.",
    ),
    need(
        "surahammar",
        "accepted",
        "Samordning kring försörjningsstöd och arbetsmarknadsinsatser",
        "I Surahammar ligger försörjningsstöd och arbetsmarknadsinsatser i olika "
        "förvaltningar utan gemensam planering.",
        "Handläggarna på försörjningsstöd och arbetskonsulenterna har olika mål "
        "och olika uppföljning. Den enskilde får två planer som inte alltid "
        "hänger ihop.\n\n"
        "Vi behöver stöd i att ta fram en gemensam arbetsprocess och att dela "
        "erfarenheter med kommuner som redan har gjort det.",
        (FORS,),
        45,
        "medium",
        parties=(AF,),
    ),
    need(
        "surahammar",
        "submitted",
        "Stöd till nyanlända föräldrar efter etableringstiden",
        "Nyanlända som har varit föräldralediga under etableringstiden hamnar "
        "utanför insatserna när de kommer tillbaka.",
        "När föräldraledigheten tar slut har etableringstiden ofta löpt ut. Då "
        "finns varken etableringsersättning eller en plan.\n\n"
        "Vi vill se över hur kommunen och Arbetsförmedlingen kan fånga upp "
        "gruppen tidigare.",
        (NYA,),
        20,
        "low",
    ),
    need(
        "skinnskatteberg",
        "accepted",
        "Små volymer kräver gemensamma insatser",
        "Skinnskatteberg har för få personer i varje målgrupp för att kunna bära "
        "egna insatser.",
        "Med små volymer blir varje insats sårbar: en sjukskriven handledare kan "
        "stoppa hela verksamheten. Samtidigt är avstånden till Fagersta och "
        "Köping långa för deltagarna.\n\n"
        "Behovet är gemensamma insatser med grannkommunerna där "
        "Skinnskattebergs invånare har samma tillgång, även när insatsen "
        "genomförs på annan ort.",
        (LANGT,),
        15,
        "medium",
        parties=("fagersta", "norberg"),
    ),
    need(
        "skinnskatteberg",
        "draft",
        "Unga som flyttar hem efter avbrutna studier",
        "Unga som har avbrutit gymnasiestudier på annan ort flyttar hem utan att "
        "någon vet om det.",
        "*Utkast.* Aktivitetsansvaret får informationen sent när eleven har "
        "studerat i en annan kommun.\n\n"
        "Kompletteras efter samtal med Fagersta.",
        (UNGA,),
        10,
        "low",
    ),
]

INITIATIVES = [
    initiative(
        "vasteras",
        "accepted",
        "Gemensamt team för unga vuxna (UVAS-team)",
        "Ett uppsökande team med personal från kommunen, Arbetsförmedlingen och "
        "psykiatrin som når unga vuxna 20–29 år utanför arbete och studier.",
        "Initiativet bygger på det godkända behovet om unga vuxna som varken "
        "arbetar eller studerar. Teamet består av två arbetskonsulenter från "
        "Västerås stad, en arbetsförmedlare och en arbetsterapeut från "
        "vuxenpsykiatrin.\n\n"
        "Teamet arbetar uppsökande via fritidsgårdar, bibliotek och föreningsliv "
        "och erbjuder stöd enligt 7-20-modellen. Insatsen följs upp på gruppnivå "
        "i SUS.",
        (UNGA, LANGT),
        "Minst 60 unga vuxna per år får kontakt med teamet, och hälften av dem "
        "går vidare till arbete, studier eller annan planerad insats.",
        "- 60 deltagare per år\n- Hälften till arbete, studier eller annan "
        "planerad insats vid avslut\n- En gemensam arbetsprocess som kan spridas "
        "till fler kommuner",
        parties=(AF, REG),
        amount=1_200_000,
        age=(150, 380),
        published=True,
    ),
    initiative(
        "vasteras",
        "accepted",
        "Arbetsgivarnätverk för IPS i Västerås",
        "Ett gemensamt nätverk av arbetsgivare som tar emot personer som får stöd "
        "enligt IPS.",
        "IPS bygger på snabb matchning mot den öppna arbetsmarknaden. I Västerås "
        "begränsas arbetet av att IPS-coacherna var för sig bygger upp sina "
        "arbetsgivarkontakter.\n\n"
        "Initiativet samlar kontakterna i ett gemensamt nätverk med en "
        "arbetsgivarsamordnare på halvtid, frukostmöten och en gemensam "
        "förteckning över intresserade arbetsgivare.",
        (PSYK, FUNK),
        "Fler personer med psykisk ohälsa får och behåller ett arbete på den "
        "öppna arbetsmarknaden.",
        "- 40 anslutna arbetsgivare efter första året\n- Kortare tid till första "
        "arbetsgivarkontakt för IPS-deltagare",
        parties=(REG, AF),
        amount=450_000,
    ),
    initiative(
        "vasteras",
        "in_review",
        "Förstärkt samverkan vid Jobbtorg för sjukskrivna med försörjningsstöd",
        "Försök där Försäkringskassan och Arbetsförmedlingen finns på plats vid "
        "Jobbtorg Västerås två dagar i veckan.",
        "Den som har både sjukskrivning och försörjningsstöd behöver ofta träffa "
        "tre myndigheter. Med gemensam närvaro på Jobbtorg kan frågor redas ut "
        "direkt, med den enskildes samtycke.\n\n"
        "Försöket pågår i 18 månader och utvärderas tillsammans med förbundet.",
        (FORS, SJUK),
        "Kortare tid utan plan för personer med både sjukskrivning och "
        "försörjningsstöd.",
        "- Gemensam närvaro två dagar i veckan\n- Halverad tid från första "
        "kontakt till gemensam planering\n- Utvärdering efter 18 månader",
        parties=(FK, AF),
        amount=680_000,
    ),
    initiative(
        "vasteras",
        "submitted",
        "Hälsoinspiratörer i arbetsträningen",
        "Deltagare i arbetsträning utbildas till hälsoinspiratörer som leder "
        "enkla aktiviteter för andra deltagare.",
        "Hälsoinspiratörerna får en kort utbildning av regionens folkhälsoenhet "
        "och leder promenader, pausgympa och samtal om sömn och kost.\n\n"
        "Arbetssättet stärker både den som leder och den som deltar.",
        (LANGT, PSYK),
        "Bättre hälsa och fler deltagare som orkar öka sin tid i arbetsträning.",
        "- Tio utbildade hälsoinspiratörer per år\n- Ökad självskattad hälsa",
        parties=(REG,),
    ),
    initiative(
        "vasteras",
        "declined",
        "Egen yrkesutbildning i lagerlogistik",
        "En yrkesutbildning i lager och logistik för arbetssökande med "
        "försörjningsstöd.",
        "Logistikföretagen i Västerås har svårt att rekrytera. En egen "
        "utbildning med praktik skulle ge deltagarna en snabb väg till "
        "arbete.\n\n"
        "Utbildningen föreslås omfatta 20 veckor med truckkort.",
        (FORS, LANGT),
        "Fler deltagare får anställning inom lager och logistik.",
        "- 30 deltagare per år\n- Minst hälften i arbete efter sex månader",
        parties=(AF,),
        amount=1_500_000,
        note="Yrkesutbildning är ordinarie verksamhet inom vuxenutbildningen och "
        "Arbetsförmedlingen och kan inte finansieras med samverkansmedel. "
        "Initiativet kan i stället samordnas med Komvux yrkesutbildning.",
    ),
    initiative(
        "koping",
        "accepted",
        "#KlarFramtid Västra Mälardalen – fortsättning efter ESF-perioden",
        "Arbetssättet från ESF-projektet #KlarFramtid förs över till ordinarie "
        "samverkan mellan Köping, Arboga, Kungsör och Arbetsförmedlingen.",
        "Projektet visade att unga som lämnat skolan kan nås med uppsökande "
        "arbete och en coach som håller ihop kontakterna. När ESF-finansieringen "
        "upphörde fanns risk att kunskapen försvann.\n\n"
        "Initiativet finansierar en gemensam coach och metodstöd under två år, "
        "medan kommunerna bygger in arbetssättet i sina ordinarie verksamheter.",
        (UNGA,),
        "Arbetssättet från #KlarFramtid lever vidare i alla tre kommunerna i "
        "Västra Mälardalen.",
        "- 45 unga per år i kontakt med coachen\n- Arbetssättet beskrivet i "
        "metodbanken\n- Ordinarie finansiering från år tre",
        parties=("arboga", "kungsor", AF),
        amount=900_000,
        age=(430, 600),
    ),
    initiative(
        "koping",
        "accepted",
        "Utbildning i lösningsfokus för handläggare i Västra Mälardalen",
        "Gemensam utbildning i lösningsfokuserat arbetssätt för handläggare hos "
        "kommunerna, Arbetsförmedlingen och Försäkringskassan.",
        "Köping har goda erfarenheter av lösningsfokus. Med en gemensam "
        "utbildning får handläggarna hos alla parter samma språk och "
        "förhållningssätt.\n\n"
        "Utbildningen omfattar fyra dagar och handledning under ett halvår.",
        (LANGT, FORS),
        "Ett gemensamt förhållningssätt i samtalen med deltagarna.",
        "- 40 utbildade handläggare\n- Gemensamt handledningsnätverk",
        parties=("arboga", "kungsor", FK),
        amount=180_000,
        age=(250, 320),
    ),
    initiative(
        "koping",
        "needs_info",
        "Fler arbetsträningsplatser i kommunens egna verksamheter",
        "Ett samarbete med kommunens förvaltningar om fler handledda "
        "arbetsträningsplatser.",
        "Kön till arbetsträning i Köping är lång. Genom att utbilda handledare i "
        "äldreomsorg, kost och fastighet kan fler platser öppnas.\n\n"
        "Initiativet söker medel för handledarutbildning och en platssamordnare "
        "på halvtid.",
        (FORS, LANGT),
        "Kortare väntetid till arbetsträning.",
        "- 20 nya platser\n- Väntetid under en månad",
        parties=(AF,),
        amount=350_000,
    ),
    initiative(
        "sala",
        "accepted",
        "Mobil arbetsmarknadscoach för landsbygden",
        "En coach som möter deltagare på landsbygden i Sala på bibliotek och i "
        "bygdegårdar i stället för i centralorten.",
        "Initiativet bygger på behovet om långa avstånd till insatser. Coachen "
        "har fasta tider i fyra kransorter och samarbetar med Arbetsförmedlingen "
        "och vårdcentralerna.\n\n"
        "Försöket pågår i två år och följs upp i SUS.",
        (LANGT,),
        "Fler boende på landsbygden deltar i arbetslivsinriktade insatser.",
        "- 35 deltagare per år\n- Färre avbrott på grund av resor",
        parties=(AF, REG),
        amount=520_000,
        age=(100, 380),
    ),
    initiative(
        "sala",
        "withdrawn",
        "Gemensam lokal för samverkan i Sala centrum",
        "Förslag om en gemensam lokal där parterna kan träffa deltagare.",
        "En gemensam lokal skulle göra det enklare att samordna möten.\n\n"
        "Förslaget förutsätter att parterna delar på hyran.",
        (LANGT,),
        "En samlad mötesplats för samverkan.",
        "- En lokal med gemensam bokning",
        note="Dras tillbaka – kommunen har hittat en lösning i befintliga lokaler.",
    ),
    initiative(
        "hallstahammar",
        "accepted",
        "Samverkansteam Hallstahammar–Surahammar",
        "Ett gemensamt team för arbetslivsinriktad rehabilitering i Hallstahammar "
        "och Surahammar, med personal från kommunerna och myndigheterna.",
        "Två mindre kommuner med liknande behov delar på ett team i stället för "
        "att bygga var sitt. Teamet har fasta dagar i båda kommunerna.\n\n"
        "Försäkringskassan och Arbetsförmedlingen deltar med handläggare en dag "
        "i veckan.",
        (LANGT, SJUK, FORS),
        "Samordnat stöd för personer som behöver insatser från flera parter i "
        "båda kommunerna.",
        "- 50 deltagare per år\n- 40 % till arbete eller studier vid avslut",
        parties=("surahammar", FK, AF),
        amount=640_000,
    ),
    initiative(
        "hallstahammar",
        "submitted",
        "Studiecirkel om hälsa och arbete",
        "Studiecirklar för långtidsarbetslösa om hälsa, vardag och vägar till "
        "arbete, i samarbete med ett studieförbund.",
        "Studiecirkeln är ett lågtröskelsteg för personer som inte är redo för "
        "arbetsträning.\n\n"
        "Varje cirkel har tio träffar och leds av en utbildad cirkelledare.",
        (LANGT,),
        "Fler tar steget vidare till arbetsträning.",
        "- Fyra cirklar per år\n- Hälften av deltagarna vidare till nästa steg",
        parties=(REG,),
        amount=95_000,
    ),
    initiative(
        "fagersta",
        "accepted",
        "Gemensam aktivitetsgrupp i Norra Västmanland",
        "Den hälsofrämjande aktivitetsgruppen i Fagersta öppnas för deltagare "
        "från Norberg och Skinnskatteberg.",
        "Aktivitetsgruppen har gett goda resultat i Fagersta. Med gemensam "
        "finansiering kan deltagare från grannkommunerna delta, med resor "
        "samordnade av kommunerna.\n\n"
        "Regionens primärvård medverkar med fysioterapeut.",
        (LANGT, PSYK),
        "Lika tillgång till aktivitetsgruppen i hela norra länsdelen.",
        "- 30 deltagare per år från tre kommuner\n- Förbättrad självskattad "
        "hälsa vid avslut",
        parties=("norberg", "skinnskatteberg", REG),
        amount=380_000,
        age=(100, 420),
    ),
    initiative(
        "fagersta",
        "in_review",
        "Digital arbetsträning för deltagare med lång resväg",
        "Delar av arbetsträningen genomförs digitalt för deltagare som har långt "
        "till arbetsplatsen.",
        "Deltagare i Norberg och på landsbygden runt Fagersta kan inte alltid "
        "resa varje dag. Digitala moment ger kontinuitet mellan dagarna på "
        "plats.\n\n"
        "Initiativet söker medel för utrustning och en digital handledare.",
        (LANGT,),
        "Färre avbrott i arbetsträningen.",
        "- 20 deltagare per år\n- Närvaro över 80 %",
        parties=("norberg", AF),
        amount=260_000,
    ),
    initiative(
        "fagersta",
        "draft",
        "Sommarjobb med handledning för unga med funktionsnedsättning",
        "Handledda sommarjobb som ett första steg in på arbetsmarknaden.",
        "*Utkast.* Beskriver idén om handledda sommarjobb i kommunens "
        "verksamheter.\n\n"
        "Ska stämmas av med Norberg innan inskick.",
        (UNGA, FUNK),
        "Fler unga med funktionsnedsättning får arbetslivserfarenhet.",
        "- 15 sommarjobb",
    ),
    initiative(
        "arboga",
        "accepted",
        "Praktiksamordnare för Västra Mälardalen",
        "En gemensam praktiksamordnare som bygger upp arbetsgivarkontakter i "
        "Arboga, Köping och Kungsör.",
        "Kommunerna konkurrerar i dag om samma arbetsgivare. En gemensam "
        "samordnare ger arbetsgivarna en kontaktväg och deltagarna fler "
        "platser.\n\n"
        "Samordnaren arbetar nära Arbetsförmedlingens arbetsgivarkontakter.",
        (LANGT, FUNK),
        "Fler praktikplatser i Västra Mälardalen.",
        "- 60 nya praktikplatser per år\n- En gemensam arbetsgivarförteckning",
        parties=("koping", "kungsor", AF),
        amount=560_000,
        funding="rejected",
    ),
    initiative(
        "arboga",
        "merged",
        "Uppsökande arbete för unga som avbrutit gymnasiet i Arboga",
        "Uppsökande arbete för unga 16–24 år i Arboga som har lämnat gymnasiet.",
        "Arboga vill stärka aktivitetsansvaret med uppsökande arbete.\n\n"
        "Vi ser samma behov som i Köping och Kungsör.",
        (UNGA,),
        "Fler unga tillbaka i studier.",
        "- 20 unga per år",
        merge_into="#KlarFramtid Västra Mälardalen – fortsättning efter ESF-perioden",
    ),
    initiative(
        REG,
        "accepted",
        "Arbetsterapeut i kommunernas samverkansteam",
        "Region Västmanland bidrar med arbetsterapeutisk kompetens i "
        "samverkansteamen i Västerås och Sala.",
        "Bedömning av aktivitetsförmåga saknas ofta när deltagare i "
        "samverkansteamen ska planera nästa steg. En arbetsterapeut från "
        "regionen kan göra bedömningar och ge råd om anpassningar.\n\n"
        "Tjänsten delas mellan två team och utvärderas efter ett år.",
        (SJUK, FUNK, PSYK),
        "Bättre underlag för planering och färre avbrutna insatser.",
        "- Aktivitetsbedömning för 80 deltagare per år\n- Minskade avbrott",
        parties=("vasteras", FK),
        amount=720_000,
    ),
    initiative(
        REG,
        "needs_info",
        "Rehabkoordinatorer som stöd till kommunerna",
        "Primärvårdens rehabkoordinatorer får ett uppdrag att samverka med "
        "kommunernas arbetsmarknadsenheter.",
        "I dag samverkar rehabkoordinatorerna främst med arbetsgivare. "
        "Initiativet vill pröva en fast kontaktväg till kommunerna.\n\n"
        "Försöket omfattar fem vårdcentraler.",
        (SJUK,),
        "Tidigare kontakt mellan vården och kommunen för sjukskrivna utan "
        "arbetsgivare.",
        "- Fem vårdcentraler med fast kontaktväg",
        parties=(FK,),
    ),
    initiative(
        REG,
        "declined",
        "Gemensamt digitalt journalsystem för samverkansteamen",
        "Inköp av ett gemensamt journalsystem för teamen.",
        "Teamen dokumenterar i dag i varje parts eget system.\n\n"
        "Ett gemensamt system skulle förenkla arbetet.",
        (LANGT,),
        "Enklare dokumentation.",
        "- Ett system för alla team",
        parties=("vasteras",),
        amount=1_100_000,
        note="Ett gemensamt journalsystem för individuppgifter ligger utanför "
        "förbundets uppdrag och saknar rättsliga förutsättningar. Förbundet "
        "arbetar bara med strukturell samverkan, aldrig med enskilda ärenden.",
    ),
    initiative(
        AF,
        "accepted",
        "Gemensamma informationsträffar om vägar till arbete",
        "Arbetsförmedlingen, Försäkringskassan och kommunen håller gemensamma "
        "informationsträffar för arbetssökande.",
        "Deltagarna får samma information från alla parter vid ett tillfälle i "
        "stället för vid tre olika möten.\n\n"
        "Träffarna hålls varje månad i Västerås och varje kvartal i de mindre "
        "kommunerna.",
        (LANGT, FORS),
        "Bättre kunskap hos deltagarna om vilket stöd som finns.",
        "- En träff i månaden i Västerås\n- En träff per kvartal i övriga kommuner",
        parties=("vasteras", FK),
    ),
    initiative(
        AF,
        "submitted",
        "Gemensamt kartläggningsstöd för arbetsförmåga",
        "Ett digitalt kartläggningsstöd som parterna kan använda gemensamt.",
        "Initiativet bygger vidare på den ICF-baserade kartläggningen från "
        "Kungsör och gör den digital.\n\n"
        "Kartläggningen delas bara med den enskildes samtycke.",
        (LANGT,),
        "Färre dubbla kartläggningar.",
        "- Digitalt stöd i drift i tre kommuner",
        parties=(FK, REG, "koping"),
        amount=300_000,
    ),
    initiative(
        FK,
        "accepted",
        "Tidiga avstämningsmöten med vård och arbetsgivare",
        "Strukturerade avstämningsmöten tidigt i sjukskrivningen med vård, "
        "arbetsgivare och vid behov Arbetsförmedlingen.",
        "Försäkringskassan erbjuder avstämningsmöten före dag 90 för sjukskrivna "
        "med psykisk ohälsa.\n\n"
        "Regionen och Arbetsförmedlingen har åtagit sig att delta.",
        (SJUK, PSYK),
        "Kortare sjukskrivningar genom tidig planering.",
        "- Avstämningsmöte före dag 90 i 70 % av ärendena",
        parties=(REG, AF),
    ),
    initiative(
        FK,
        "in_review",
        "Länsgemensam kompetensdag om SIP och samordning",
        "En kompetensdag för handläggare hos alla parter om samordnad "
        "individuell plan och ansvarsfördelning.",
        "Många handläggare är osäkra på när SIP ska användas och vem som kallar. "
        "En gemensam dag ger samma kunskap i hela länet.\n\n"
        "Dagen genomförs två gånger för att alla ska kunna delta.",
        (PSYK, MISS),
        "Fler SIP när insatser från flera huvudmän behövs.",
        "- 200 deltagare\n- Gemensamt material",
        parties=(REG, "sala"),
        amount=85_000,
    ),
    initiative(
        "kungsor",
        "accepted",
        "Mötesplats för unga vuxna i Kungsör",
        "En öppen mötesplats två eftermiddagar i veckan där unga vuxna kan träffa "
        "samordnare från kommunen och Köping.",
        "Mötesplatsen svarar mot behovet av en samordnare för unga vuxna. Den "
        "ligger i bibliotekets lokaler och är öppen utan tidsbokning.\n\n"
        "Köpings samordnare deltar varannan vecka.",
        (UNGA,),
        "Fler unga vuxna får kontakt med stöd.",
        "- 25 unga i kontakt per år",
        parties=("koping",),
        age=(60, 320),
    ),
    initiative(
        "kungsor",
        "withdrawn",
        "Gemensam jobbmässa i Västra Mälardalen",
        "En jobbmässa för arbetssökande i Arboga, Köping och Kungsör.",
        "En gemensam mässa skulle samla arbetsgivarna i området.\n\n"
        "Mässan föreslås hållas i Köping.",
        (LANGT,),
        "Fler kontakter mellan arbetsgivare och arbetssökande.",
        "- En mässa per år",
        note="Dras tillbaka – Arbetsförmedlingen arrangerar redan en mässa i området.",
    ),
    initiative(
        "norberg",
        "submitted",
        "Företagslots för praktikplatser i Norberg",
        "En lots som besöker företagen i Norberg och förmedlar praktikplatser.",
        "Initiativet svarar mot behovet om brist på praktikplatser i Norberg. "
        "Lotsen delas med Fagersta.\n\n"
        "Första året fokuserar på handel och service.",
        (LANGT, FORS),
        "Fler praktikplatser i Norberg.",
        "- 15 nya praktikplatser",
        parties=("fagersta",),
    ),
    initiative(
        "surahammar",
        "in_review",
        "Hälsofrämjande arbetsträning i Surahammar",
        "Arbetsträningen kompletteras med fysisk aktivitet och hälsosamtal.",
        "Inspirerat av aktivitetsgruppen i Fagersta vill Surahammar bygga in "
        "hälsofrämjande moment i arbetsträningen.\n\n"
        "Primärvården medverkar med rådgivning.",
        (LANGT, PSYK),
        "Bättre hälsa bland deltagarna.",
        "- Hälsomoment två gånger i veckan",
        parties=(REG,),
    ),
    initiative(
        "surahammar",
        "declined",
        "Reseersättning till deltagare i arbetsträning",
        "Förbundet ersätter deltagarnas resor till arbetsträningen.",
        "Resekostnaderna är ett hinder för många deltagare.\n\n"
        "Ersättningen föreslås gälla busskort.",
        (LANGT,),
        "Färre avbrott på grund av resekostnader.",
        "- Busskort till alla deltagare",
        parties=("hallstahammar",),
        amount=120_000,
        note="Ersättning till enskilda deltagare kan inte betalas med "
        "samverkansmedel. Frågan hör till försörjningsstödet och "
        "Arbetsförmedlingens ordinarie regelverk.",
    ),
    initiative(
        "skinnskatteberg",
        "draft",
        "Gemensam arbetsträning med Fagersta",
        "Deltagare från Skinnskatteberg erbjuds platser i Fagersta.",
        "*Utkast.* Idén ska stämmas av med Fagersta kommun.\n\nResor behöver lösas.",
        (LANGT,),
        "Lika tillgång till arbetsträning.",
        "- Fem platser per år",
        parties=("fagersta",),
    ),
]

PRACTICES = [
    practice(
        "koping",
        "accepted",
        "Lösningsfokuserat arbetssätt",
        "Samtalsmetodik som riktar uppmärksamheten mot deltagarens mål, resurser "
        "och det som redan fungerar, i stället för mot problemen.",
        "Lösningsfokus används i Köpings arbetsmarknadsenhet och inom "
        "försörjningsstödet sedan flera år, och handläggarna har utbildats med "
        "stöd av samverkansmedel. Arbetssättet används i planeringssamtal, "
        "uppföljningar och gemensamma möten med Arbetsförmedlingen.\n\n"
        "Erfarenheten är att samtalen blir kortare och mer framåtriktade och att "
        "deltagarna själva formulerar sina nästa steg. Lösningsfokus passar för "
        "alla målgrupper och kan kombineras med motiverande samtal.",
        (LANGT, FORS, UNGA),
        "Att stärka deltagarens egen förmåga att formulera mål och ta steg mot "
        "arbete eller studier, genom samtal som bygger på resurser och tidigare "
        "framgångar.",
        "Ett lösningsfokuserat samtal följer en enkel struktur:\n\n"
        "1. **Önskat läge** – vad vill deltagaren ska vara annorlunda?\n"
        "2. **Skalfrågor** – var på en skala 0–10 befinner sig deltagaren i dag, "
        "och vad skulle ett steg upp innebära?\n"
        "3. **Undantag** – när har det fungerat lite bättre, och vad gjorde "
        "deltagaren då?\n"
        "4. **Nästa lilla steg** – ett konkret steg till nästa träff.\n\n"
        "Handläggaren\n\n"
        "- ställer frågor i stället för att ge råd\n"
        "- bekräftar det som fungerar\n"
        "- följer upp med samma skalfråga vid varje träff",
        "Grundutbildning i lösningsfokuserat förhållningssätt, fyra heldagar, "
        "följd av handledning i grupp en gång i månaden under ett halvår. "
        "Förbundet samordnar utbildningstillfällen för hela länet.",
        "Lösningsfokuserad korttidsterapi har studerats i flera "
        "kunskapssammanställningar, med måttliga men positiva effekter på "
        "måluppfyllelse. I Köping har andelen avslut till arbete eller studier "
        "ökat sedan arbetssättet infördes, enligt uppföljningen på gruppnivå.\n\n"
        f"- [Metodguiden för socialt arbete – Socialstyrelsen]({METODGUIDEN}/)\n"
        f"- [Uppföljning av samordningsförbundens insatser (SUS)]({FINSAM}/sus)",
        "Samordnare, Köpings kommun – social- och arbetsmarknadsförvaltningen",
        parties=(AF,),
        age=(520, 680),
        spread=(
            ("arboga", "adopted"),
            ("kungsor", "adopted"),
            ("fagersta", "interested"),
            ("sala", "adopting"),
            (AF, "interested"),
            ("norberg", None),
        ),
    ),
    practice(
        "vasteras",
        "accepted",
        "7-20 – samordnat stöd till unga och unga vuxna",
        "Västerås modell 7-20 för unga 16–29 år vid Jobbtorg: en väg in, en "
        "kontaktperson och en stegvis plan mot arbete eller studier.",
        "Modellen 7-20 har vuxit fram vid Jobbtorg Västerås, där kommunens "
        "arbetsmarknadsenhet, Arbetsförmedlingen och studie- och yrkesvägledare "
        "finns under samma tak. Den unga träffar en kontaktperson som följer "
        "hela vägen, från första samtal till arbete eller studier.\n\n"
        "Modellen har spridits till Västra Mälardalen, där utbildning i 7–20 har "
        "finansierats som kompetenshöjande insats med samverkansmedel. Den passar "
        "särskilt för unga som har avbrutit gymnasiet eller saknar "
        "arbetslivserfarenhet.",
        (UNGA, LANGT),
        "Att korta tiden i utanförskap för unga 16–29 år genom en sammanhållen, "
        "stegvis väg till arbete eller studier med en och samma kontaktperson.",
        "- **Första kontakten** inom en vecka, utan krav på remiss\n"
        "- **Kartläggning** av intressen, hälsa, utbildning och "
        "arbetslivserfarenhet\n"
        "- **Stegvis plan** med korta delmål: motivation, studie- och "
        "yrkesvägledning, praktik, matchning\n"
        "- **Gemensamma avstämningar** med Arbetsförmedlingen och vid behov "
        "vården\n"
        "- **Uppföljning** sex månader efter avslut\n\n"
        "Kontaktpersonen har ett begränsat antal deltagare åt gången för att kunna "
        "träffa varje ung person minst en gång i veckan.",
        "Introduktion två dagar för nya kontaktpersoner, därefter nätverksträffar "
        "varannan månad. Västerås erbjuder auskultation vid Jobbtorg.",
        "Vid uppföljning efter avslut har en majoritet av deltagarna gått vidare "
        "till arbete, studier eller annan planerad insats. Arbetssättet ligger i "
        "linje med kunskapsstödet om unga som varken arbetar eller studerar.\n\n"
        f"- [Unga som varken arbetar eller studerar – Socialstyrelsen]"
        f"({SOS}/omraden/barn-och-unga/)\n"
        f"- [Samordningsförbundens insatser för unga – Finsam]({FINSAM}/)",
        "Samordnare, Västerås stad – arbetsmarknadsenheten, Jobbtorg Västerås",
        parties=(AF,),
        age=(560, 690),
        spread=(
            ("koping", "adopted"),
            ("arboga", "interested"),
            ("kungsor", "adopting"),
            ("sala", "adopted"),
            ("hallstahammar", "not_relevant"),
            ("surahammar", None),
        ),
    ),
    practice(
        REG,
        "accepted",
        "IPS / Supported Employment – individanpassat stöd till arbete",
        "Evidensbaserad metod där personer med psykisk ohälsa får stöd att snabbt "
        "hitta och behålla ett arbete på den öppna arbetsmarknaden.",
        "IPS (Individual Placement and Support) är en manualbaserad form av "
        "Supported Employment. Region Västmanlands psykiatri arbetar med IPS "
        "tillsammans med kommunernas arbetsmarknadsenheter och "
        "Arbetsförmedlingen, och IPS-coachen ingår i det psykiatriska teamet.\n\n"
        "I stället för lång förberedande träning söker deltagaren arbete direkt, "
        "utifrån egna önskemål, och får stöd så länge det behövs, även efter "
        "anställning.",
        (PSYK, SJUK, FUNK),
        "Att personer med psykisk ohälsa ska få och behålla ett avlönat arbete på "
        "den öppna arbetsmarknaden.",
        "IPS följer åtta principer:\n\n"
        "1. Alla som vill arbeta är välkomna – ingen bedömning av arbetsförmåga "
        "i förväg\n"
        "2. Målet är ett arbete på den öppna arbetsmarknaden\n"
        "3. Arbetssökandet börjar snabbt, inom en månad\n"
        "4. Stödet är integrerat med vården\n"
        "5. Deltagarens önskemål styr\n"
        "6. Stödet är tidsobegränsat\n"
        "7. Rådgivning om ekonomi och ersättningar ingår\n"
        "8. Coachen bygger systematiskt relationer med arbetsgivare\n\n"
        "Troheten mot modellen mäts med IPS-skalan en gång om året.",
        "IPS-coacher går en grundutbildning om fem dagar och får handledning av "
        "en IPS-mentor. Chefer och behandlare får en introduktionsdag.",
        "IPS är en av de mest studerade metoderna för arbetslivsinriktad "
        "rehabilitering och rekommenderas i Socialstyrelsens nationella riktlinjer "
        "för vård och stöd vid schizofreni och schizofreniliknande tillstånd. "
        "Fler får arbete med IPS än med traditionell stegvis rehabilitering.\n\n"
        f"- [Nationella riktlinjer – schizofreni]({RIKTLINJER}/schizofreni/)\n"
        f"- [IPS i Metodguiden]"
        f"({METODGUIDEN}/individual-placement-and-support-ips/)",
        "Verksamhetsutvecklare, Region Västmanland – psykiatrin",
        parties=("vasteras", AF),
        age=(450, 640),
    ),
    practice(
        "koping",
        "accepted",
        "#KlarFramtid – stöd till unga som lämnat skolan",
        "Arbetssättet från ESF-projektet #KlarFramtid: uppsökande kontakt, "
        "individuell coachning och samverkan kring unga som lämnat gymnasiet "
        "utan examen.",
        "Projektet #KlarFramtid drevs med ESF-medel i Västra Mälardalen, med "
        "medfinansiering från Köpings kommun och samordningsförbundet. Det nådde "
        "unga 16–24 år som varken arbetade eller studerade, ofta via det "
        "kommunala aktivitetsansvaret.\n\n"
        "Efter projekttiden har arbetssättet beskrivits som en metod så att fler "
        "kommuner kan använda det. Kärnan är ett tidigt och personligt möte och "
        "en coach som samordnar kontakterna med skolan, Arbetsförmedlingen och "
        "vården.",
        (UNGA,),
        "Att unga som har lämnat skolan utan examen snabbt ska få kontakt och "
        "stöd tillbaka till studier eller vidare till arbete.",
        "- **Uppsökande**: kontakt via aktivitetsansvaret, brev, hembesök och "
        "fritidsgårdar\n"
        "- **Coachning**: samtal varje vecka med fokus på mål och motivation\n"
        "- **Gruppaktiviteter**: studiebesök, friskvård och arbetsplatsbesök\n"
        "- **Samverkan**: gemensamma planeringsmöten med skolan, "
        "Arbetsförmedlingen och vid behov ungdomsmottagningen\n"
        "- **Överlämning**: planerad övergång till studier, praktik eller arbete",
        "Coacherna bör ha utbildning i lösningsfokus eller motiverande samtal. "
        "Köping erbjuder en introduktionsdag och en metodhandbok.",
        "Under projekttiden gick en stor andel av deltagarna vidare till studier "
        "eller arbete vid avslut. Slutrapporten och uppföljningen i SUS finns hos "
        "förbundskansliet.\n\n"
        f"- [Unga som varken arbetar eller studerar – Socialstyrelsen]"
        f"({SOS}/omraden/barn-och-unga/)\n"
        f"- [Uppföljning i SUS – Finsam]({FINSAM}/sus)",
        "Projektsamordnare, Köpings kommun – social- och arbetsmarknadsförvaltningen",
        parties=("arboga", "kungsor", AF),
    ),
    practice(
        "hallstahammar",
        "accepted",
        "Motiverande samtal (MI)",
        "En samtalsmetod som stärker deltagarens egen motivation till "
        "förändring, använd av handläggare inom försörjningsstöd och "
        "arbetsmarknad.",
        "Hallstahammars kommun har utbildat samtliga handläggare inom "
        "försörjningsstöd och arbetsmarknad i motiverande samtal. MI används i "
        "första samtalet, vid planering och när en deltagare är tveksam till en "
        "insats.\n\n"
        "Arbetssättet har gjort samtalen mer jämlika och minskat antalet "
        "avbrutna insatser. Handläggarna granskar varandras samtal kollegialt "
        "för att hålla kvaliteten.",
        (FORS, MISS, LANGT),
        "Att hjälpa deltagaren att utforska och lösa ambivalens kring "
        "förändring, till exempel att börja arbetsträna eller studera.",
        "Samtalet bygger på fyra processer – **engagera, fokusera, framkalla och "
        "planera** – och på färdigheterna\n\n"
        "- öppna frågor\n- bekräftelser\n- reflektioner\n- sammanfattningar\n\n"
        "Handläggaren lyssnar efter och förstärker deltagarens eget "
        "förändringsprat och undviker att argumentera för förändring.",
        "Grundutbildning fyra dagar, därefter kodning av inspelade övningssamtal "
        "och handledning. Länet har ett gemensamt MI-nätverk.",
        "MI har stöd i ett stort antal studier, framför allt inom missbruks- och "
        "beroendeområdet, och finns beskrivet i Metodguiden. För "
        "arbetslivsinriktad rehabilitering är forskningsläget mer begränsat men "
        "lovande.\n\n"
        f"- [Motiverande samtal i Metodguiden]({METODGUIDEN}/motiverande-samtal-mi/)\n"
        f"- [Nationella riktlinjer – missbruk och beroende]"
        f"({RIKTLINJER}/missbruk-och-beroende/)",
        "Enhetschef, Hallstahammars kommun – arbetsmarknad och försörjningsstöd",
    ),
    practice(
        "sala",
        "accepted",
        "Arbetsträning i kommunal regi",
        "Arbetsträning i kommunens egna verksamheter med handledare, individuell "
        "plan och regelbunden uppföljning tillsammans med Arbetsförmedlingen.",
        "Sala kommun erbjuder arbetsträning inom bland annat fastighetsskötsel, "
        "kök, second hand och parkförvaltning. Deltagarna har försörjningsstöd, "
        "är inskrivna på Arbetsförmedlingen eller är sjukskrivna.\n\n"
        "Handledarna har gått en gemensam utbildning och följer en gemensam "
        "struktur för bedömning av arbetsförmåga, så att bedömningarna kan "
        "användas av alla parter.",
        (FORS, LANGT, SJUK),
        "Att ge personer långt från arbetsmarknaden möjlighet att pröva och "
        "utveckla sin arbetsförmåga i en verklig arbetsmiljö med stöd.",
        "1. **Inskrivning** med trepartssamtal: deltagare, arbetskonsulent och "
        "handläggare från Arbetsförmedlingen eller Försäkringskassan\n"
        "2. **Introduktion** på arbetsplatsen med utsedd handledare\n"
        "3. **Gradvis ökning** av tid och uppgifter enligt en individuell plan\n"
        "4. **Bedömning** av arbetsförmåga efter fyra och tolv veckor med ett "
        "gemensamt formulär\n"
        "5. **Avslut** med överlämning till nästa steg: praktik, anställning med "
        "stöd eller studier",
        "Handledarutbildning två dagar. Arbetskonsulenterna utbildas i "
        "bedömning av arbetsförmåga.",
        "Uppföljningen visar att en majoritet av deltagarna ökar sin närvaro och "
        "sysselsättningsgrad under perioden. De gemensamma bedömningarna har "
        "kortat tiden till beslut hos Arbetsförmedlingen.\n\n"
        "- [Arbetslivsinriktad rehabilitering – Försäkringskassan]"
        "(https://www.forsakringskassan.se/)\n"
        f"- [Uppföljning i SUS – Finsam]({FINSAM}/sus)",
        "Arbetskonsulent, Sala kommun – arbetsmarknadsenheten",
        parties=(AF, FK),
    ),
    practice(
        "arboga",
        "accepted",
        "Case management och samordnad individuell plan (SIP)",
        "Strukturerad samordning där en samordnare håller ihop insatserna och SIP "
        "används för att tydliggöra vem som gör vad.",
        "I Arboga används case management när flera parter har insatser "
        "samtidigt. Samordnaren kallar till SIP-möten, ser till att planen följs "
        "och är en fast kontakt.\n\n"
        "Metoden beskrivs här på strukturell nivå: hur uppdraget är "
        "organiserat, hur SIP-mötena går till och hur parterna har fördelat "
        "ansvaret.",
        (PSYK, MISS, FUNK),
        "Att den som behöver insatser från flera huvudmän ska få en samlad plan "
        "och en person som håller ihop den.",
        "- Samordnaren har ett begränsat antal uppdrag för att hinna träffa "
        "varje person regelbundet\n"
        "- SIP upprättas enligt socialtjänstlagen och hälso- och sjukvårdslagen "
        "när insatser från både kommun och region behövs\n"
        "- Planen anger mål, insatser, ansvarig part och datum för uppföljning\n"
        "- Arbetsförmedlingen och Försäkringskassan bjuds in när arbete eller "
        "försörjning berörs\n"
        "- Uppföljning minst var tredje månad",
        "Utbildning i case management (två dagar) och i SIP enligt länets "
        "gemensamma riktlinje.",
        "Case management enligt resursmodellen har stöd i forskning för personer "
        "med psykisk funktionsnedsättning och finns i Socialstyrelsens "
        "nationella riktlinjer.\n\n"
        f"- [Samordnad individuell plan – Socialstyrelsen]"
        f"({SOS}/omraden/psykisk-ohalsa/samordnad-individuell-plan/)\n"
        f"- [Nationella riktlinjer – schizofreni]({RIKTLINJER}/schizofreni/)",
        "Samordnare, Arboga kommun – socialförvaltningen",
        parties=(REG,),
    ),
    practice(
        "fagersta",
        "accepted",
        "Hälsofrämjande aktivitetsgrupp",
        "Gruppverksamhet med fysisk aktivitet, hälsosamtal och struktur i "
        "vardagen för personer som står långt från arbetsmarknaden.",
        "Fagersta kommun driver aktivitetsgruppen tillsammans med Region "
        "Västmanlands primärvård. Gruppen träffas tre förmiddagar i veckan och "
        "kombinerar promenader och träning med samtal om sömn, kost och "
        "stress.\n\n"
        "För många deltagare är gruppen det första steget efter lång tid utan "
        "aktivitet. Efter tolv veckor planeras nästa steg, ofta arbetsträning.",
        (LANGT, PSYK, SJUK),
        "Att förbättra hälsa, vardagsstruktur och tilltro till den egna "
        "förmågan som förberedelse för arbetslivsinriktade insatser.",
        "- Grupper om 8–10 deltagare, tre träffar i veckan under tolv veckor\n"
        "- Varje träff innehåller **rörelse** (promenad, gym, vattengympa) och "
        "**ett samtalstema**\n"
        "- Fysioterapeut från primärvården medverkar varannan vecka\n"
        "- Deltagarna skattar sin hälsa vid start och avslut\n"
        "- Avslutande trepartssamtal om nästa steg",
        "Gruppledarna har utbildning i hälsopedagogik eller motsvarande. En "
        "introduktionsdag med primärvårdens fysioterapeut.",
        "Fysisk aktivitet har effekt vid lindrig till måttlig depression och "
        "ångest. Deltagarnas självskattade hälsa har ökat vid avslut, och fler "
        "går vidare till arbetsträning.\n\n"
        f"- [Nationella riktlinjer – depression och ångest]"
        f"({RIKTLINJER}/depression-och-angest/)\n"
        f"- [Samordningsförbundens insatser – Finsam]({FINSAM}/)",
        "Samordnare, Fagersta kommun – arbetsmarknadsenheten",
        parties=(REG,),
        age=(470, 600),
        spread=(
            ("arboga", "interested"),
            ("koping", "adopted"),
            ("kungsor", "adopting"),
            ("norberg", "adopted"),
            ("surahammar", None),
        ),
    ),
    practice(
        AF,
        "accepted",
        "Språkstöd i arbetsträning",
        "Språkinlärning integrerad i arbetsträningen, med yrkesord och "
        "språkombud på arbetsplatsen.",
        "Arbetsförmedlingen, SFI och kommunernas arbetsmarknadsenheter har "
        "tillsammans utvecklat ett arbetssätt där svenskan tränas på "
        "arbetsplatsen och inte bara i klassrummet. Handledarna stöttas av en "
        "språkpedagog.\n\n"
        "Arbetssättet används i Västerås och Surahammar och passar nyanlända och "
        "andra med begränsade svenskkunskaper.",
        (NYA, LANGT),
        "Att deltagare med begränsade svenskkunskaper snabbare ska utveckla det "
        "språk som behövs i arbetslivet.",
        "- **Yrkesordlistor** med bilder för varje arbetsplats\n"
        "- **Språkombud**: en medarbetare på arbetsplatsen som utbildas i "
        "språkstödjande bemötande\n"
        "- Språkpedagog besöker arbetsplatsen varannan vecka\n"
        "- Samordning med SFI så att läraren vet vad deltagaren möter på "
        "arbetsplatsen\n"
        "- Skriftliga instruktioner på lätt svenska",
        "Språkombudsutbildning tre halvdagar. Språkpedagog med erfarenhet från SFI.",
        "Språkinlärning i verkliga arbetssituationer ger för många vuxna bättre "
        "resultat än enbart undervisning i klassrum. Deltagarna har i "
        "uppföljningen klarat fler SFI-kurser under samma tid.\n\n"
        "- [Stöd till nyanlända – Arbetsförmedlingen]"
        "(https://arbetsformedlingen.se/)\n"
        f"- [Samordningsförbundens insatser – Finsam]({FINSAM}/)",
        "Samverkanssamordnare, Arbetsförmedlingen – Västmanland",
        parties=("vasteras", "surahammar"),
    ),
    practice(
        FK,
        "accepted",
        "Förrehabilitering",
        "Samordnade insatser före arbetslivsinriktad rehabilitering för den som "
        "ännu inte klarar arbetsträning.",
        "Många som är sjukskrivna eller har aktivitetsersättning behöver "
        "förbättra hälsa och vardagsfunktion innan arbetsträning är möjlig. "
        "Försäkringskassan, Region Västmanland och kommunerna har tagit fram ett "
        "gemensamt förrehabiliterande arbetssätt.\n\n"
        "Förrehabiliteringen leds av en arbetsterapeut och en arbetskonsulent "
        "tillsammans och pågår normalt i tre till sex månader.",
        (SJUK, FUNK, PSYK),
        "Att öka aktivitetsförmågan och förbereda för arbetslivsinriktad "
        "rehabilitering hos personer som står mycket långt från "
        "arbetsmarknaden.",
        "1. Gemensam kartläggning av aktivitetsförmåga (ICF-baserad)\n"
        "2. Anpassade aktiviteter, 2–10 timmar i veckan\n"
        "3. Stegvis ökning utifrån uppföljning varannan vecka\n"
        "4. Avstämningsmöte med Försäkringskassan och vården inför övergång\n"
        "5. Överlämning till arbetsträning eller annan arbetslivsinriktad insats",
        "Arbetsterapeuter och arbetskonsulenter går en gemensam utbildningsdag om "
        "ICF och aktivitetsbedömning.",
        "Arbetssättet bygger på Försäkringskassans och regionens samverkan kring "
        "sjukskrivning. I uppföljningen har flertalet deltagare kunnat gå vidare "
        "till arbetsträning inom sex månader.\n\n"
        "- [Samverkan kring sjukskrivning – Försäkringskassan]"
        "(https://www.forsakringskassan.se/)\n"
        f"- [Försäkringsmedicinskt beslutsstöd – Socialstyrelsen]"
        f"({SOS}/regler-och-riktlinjer/forsakringsmedicinskt-beslutsstod/)",
        "Samverkansansvarig, Försäkringskassan – Västmanland",
        parties=(REG, "koping"),
    ),
    practice(
        "kungsor",
        "accepted",
        "Gemensam kartläggning av arbetsförmåga (ICF)",
        "Ett gemensamt kartläggningsunderlag byggt på ICF som kommunen, "
        "Arbetsförmedlingen och Försäkringskassan använder i stället för var "
        "sitt.",
        "Kungsör har tillsammans med Arbetsförmedlingen och Försäkringskassan "
        "tagit fram ett gemensamt kartläggningsstöd. Underlaget fylls i "
        "tillsammans med den enskilde och delas bara med dennes samtycke.\n\n"
        "Erfarenheten är att de dubbla kartläggningarna har minskat och att "
        "parterna får en gemensam bild av vad som behövs.",
        (LANGT, FORS),
        "Att undvika dubbla kartläggningar och ge alla parter en gemensam bild "
        "av förutsättningarna för arbete.",
        "- Kartläggningen utgår från ICF:s områden: kroppsfunktion, aktivitet, "
        "delaktighet och omgivningsfaktorer\n"
        "- Genomförs av arbetskonsulent tillsammans med deltagaren, två till tre "
        "träffar\n"
        "- Resultatet sammanfattas på en sida och delas med samtycke\n"
        "- Kartläggningen följs upp efter tre månader",
        "En utbildningsdag om ICF och kartläggningsstödet.",
        "ICF är WHO:s klassifikation av funktionstillstånd och används av både "
        "Försäkringskassan och vården. Uppföljningen i Kungsör visar kortare tid "
        "från inskrivning till insats.\n\n"
        "- [ICF – Socialstyrelsen]"
        "(https://www.socialstyrelsen.se/statistik-och-data/klassifikationer-och-koder/icf/)",
        "Arbetsmarknadssamordnare, Kungsörs kommun",
        parties=(AF, FK),
    ),
    practice(
        "surahammar",
        "accepted",
        "Peer support – stöd av personer med egen erfarenhet",
        "Medarbetare med egen erfarenhet av psykisk ohälsa eller arbetslöshet "
        "stöttar deltagare i arbetsträning.",
        "Surahammars kommun har anställt peer supporters inom "
        "arbetsmarknadsenheten. De arbetar tillsammans med arbetskonsulenterna "
        "och bidrar med hopp och erfarenheter som personalen inte har.\n\n"
        "Peer supporterna utbildas och får handledning, och rollen är tydligt "
        "beskriven så att den inte blandas ihop med behandling.",
        (PSYK, LANGT),
        "Att stärka deltagarnas hopp, motivation och delaktighet genom stöd från "
        "någon som själv har varit i en liknande situation.",
        "- Peer supportern deltar i gruppaktiviteter och enskilda samtal\n"
        "- Arbetar i team med en arbetskonsulent\n"
        "- Den egna erfarenheten används medvetet och med tydliga gränser\n"
        "- Handledning varannan vecka",
        "Peer support-utbildning (fem dagar) hos en brukarorganisation och intern "
        "introduktion.",
        "Peer support rekommenderas som komplement i Socialstyrelsens nationella "
        "riktlinjer för schizofreni. Deltagarna anger i enkäter att stödet har "
        "varit viktigt för att fullfölja insatsen.\n\n"
        f"- [Nationella riktlinjer – schizofreni]({RIKTLINJER}/schizofreni/)",
        "Enhetschef, Surahammars kommun – arbetsmarknadsenheten",
    ),
    practice(
        "skinnskatteberg",
        "accepted",
        "Grön rehabilitering",
        "Arbetslivsinriktad rehabilitering i natur- och trädgårdsmiljö för "
        "personer med stressrelaterad ohälsa.",
        "I Skinnskatteberg bedrivs grön rehabilitering i en kommunal trädgård och "
        "i närliggande skog, i samverkan med regionens primärvård. Deltagarna "
        "arbetar med odling, skogsvård och hantverk i en lugn miljö.\n\n"
        "Miljön passar personer med utmattning och ångest som inte klarar en "
        "vanlig arbetsplats i början av rehabiliteringen. Deltagare från "
        "Fagersta och Norberg tas också emot.",
        (SJUK, PSYK),
        "Att i en lugn naturmiljö återhämta kraft och bygga upp arbetsförmåga "
        "hos personer med stressrelaterad psykisk ohälsa.",
        "- Grupper om högst åtta deltagare, två till fyra dagar i veckan\n"
        "- Arbetsuppgifter efter årstid: odling, skogsvård, snickeri\n"
        "- Arbetsterapeut och trädgårdsmästare leder arbetet\n"
        "- Individuell plan och skattning av arbetsförmåga var fjärde vecka\n"
        "- Övergång till arbetsträning på annan arbetsplats efter tre till sex "
        "månader",
        "Trädgårdsterapeutisk grundutbildning för arbetsledarna.",
        "Naturbaserad rehabilitering har studerats i Sverige vid stressrelaterad "
        "ohälsa, med positiva resultat för återgång i arbete.\n\n"
        f"- [Psykisk ohälsa – Socialstyrelsen]({SOS}/omraden/psykisk-ohalsa/)",
        "Arbetsmarknadssamordnare, Skinnskattebergs kommun",
        parties=(REG, "fagersta"),
    ),
    practice(
        "vasteras",
        "accepted",
        "Brobyggare för nyanlända kvinnor",
        "Brobyggare med eget språk och egen erfarenhet av att komma till Sverige "
        "stöttar kvinnor in i arbetsmarknadsinsatser.",
        "Västerås stad har anställt brobyggare som talar arabiska, somaliska och "
        "tigrinja. De möter kvinnor i öppna verksamheter och följer dem till "
        "SFI, Arbetsförmedlingen och arbetsträning.\n\n"
        "Brobyggarna arbetar nära arbetskonsulenterna och har bidragit till att "
        "anpassa insatserna, till exempel med deltid och kvinnogrupper.",
        (NYA, LANGT),
        "Att nå nyanlända kvinnor som står långt från arbetsmarknaden och bygga "
        "förtroende för de insatser som finns.",
        "- Brobyggarna finns på plats i öppna förskolor, bibliotek och "
        "föreningar\n"
        "- Informationsträffar på modersmål om arbete, SFI och föräldraledighet\n"
        "- Följer med till första mötet hos Arbetsförmedlingen eller "
        "arbetsträningen\n"
        "- Kvinnogrupper med deltid under de första månaderna\n"
        "- Gemensam uppföljning med arbetskonsulenterna varje månad",
        "Introduktionsutbildning för brobyggare om myndigheternas uppdrag, "
        "sekretess och bemötande.",
        "Fler kvinnor har påbörjat SFI och arbetsträning sedan brobyggarna "
        "anställdes, enligt uppföljningen på gruppnivå.\n\n"
        "- [Etablering av nyanlända – Arbetsförmedlingen]"
        "(https://arbetsformedlingen.se/)\n"
        f"- [Samordningsförbundens insatser – Finsam]({FINSAM}/)",
        "Samordnare, Västerås stad – arbetsmarknadsenheten",
        parties=(AF,),
    ),
    practice(
        "norberg",
        "submitted",
        "Praktik i föreningslivet",
        "Praktikplatser hos idrottsföreningar och andra ideella föreningar i Norberg.",
        "När företagen inte räcker till tar föreningslivet emot deltagare för "
        "praktik, till exempel med skötsel av anläggningar och kafé.\n\n"
        "Vi har prövat arbetssättet i ett år och vill nu dela det.",
        (LANGT, FORS),
        "Att skapa fler praktikplatser i en liten kommun.",
        "- Avtal med varje förening\n- Handledare utses i föreningen\n"
        "- Arbetskonsulent följer upp varannan vecka",
        "Handledarträff en halvdag.",
        "Ingen utvärdering ännu; åtta deltagare har haft praktik under året.",
        "Arbetsmarknadshandläggare, Norbergs kommun",
        parties=("fagersta",),
    ),
    practice(
        "sala",
        "in_review",
        "Studie- och yrkesvägledning i arbetsträningen",
        "En studie- och yrkesvägledare finns på plats i arbetsträningen en dag i "
        "veckan.",
        "Många deltagare saknar gymnasieutbildning men vet inte vilka vägar som "
        "finns. Vägledaren hjälper dem att se möjligheter inom Komvux.\n\n"
        "Arbetssättet har prövats i två år.",
        (LANGT, UNGA),
        "Att fler deltagare ska påbörja studier som leder till arbete.",
        "- Vägledningssamtal på arbetsplatsen\n- Studiebesök på Komvux\n"
        "- Gemensam plan med arbetskonsulenten",
        "Ingen särskild utbildning utöver vägledarens grundutbildning.",
        "Fler deltagare har påbörjat studier jämfört med tidigare år.",
        "Studie- och yrkesvägledare, Sala kommun – vuxenutbildningen",
    ),
    practice(
        REG,
        "needs_info",
        "Stresshanteringsgrupp vid utmattningssyndrom",
        "Gruppbehandling i primärvården för patienter med utmattningssyndrom, "
        "med ett arbetslivsinriktat spår.",
        "Primärvården i Västerås har kompletterat sina stresshanteringsgrupper "
        "med två träffar om återgång i arbete.\n\n"
        "Vi vill dela arbetssättet med kommunerna.",
        (SJUK, PSYK),
        "Att förkorta sjukskrivningen vid utmattningssyndrom.",
        "- Åtta gruppträffar\n- Två träffar om arbete och arbetsgivarkontakt",
        "Kurator eller psykolog med utbildning i KBT.",
        "Utvärdering pågår.",
        "Enhetschef, Region Västmanland – primärvården",
    ),
    practice(
        AF,
        "submitted",
        "Digitala jobbspår för unga",
        "Korta digitala kurser som förbereder unga för yrken med stor efterfrågan.",
        "Kurserna kombineras med en kort praktik och matchning mot "
        "arbetsgivare.\n\n"
        "Vi har prövat arbetssättet i Västerås.",
        (UNGA,),
        "Att fler unga snabbt ska få arbete.",
        "- Digital kurs fyra veckor\n- Praktik två veckor\n- Matchning",
        "Ingen särskild utbildning.",
        "Ingen utvärdering ännu.",
        "Arbetsförmedlare, Arbetsförmedlingen – Västerås",
    ),
    practice(
        FK,
        "in_review",
        "Strukturerade avstämningsmöten",
        "En gemensam mall för avstämningsmöten med vård, arbetsgivare och "
        "Arbetsförmedlingen.",
        "Mallen gör mötena kortare och mer inriktade på nästa steg.\n\n"
        "Den används sedan ett år i Västerås och Sala.",
        (SJUK,),
        "Att avstämningsmöten ska leda till en konkret plan.",
        "1. Förberedelse med dagordning\n2. Genomgång av arbetsförmåga\n"
        "3. Beslut om nästa steg och ansvarig part",
        "En halvdag för handläggare.",
        "Deltagarna i mötena är mer nöjda enligt en enkät.",
        "Samverkansansvarig, Försäkringskassan – Västmanland",
        parties=(REG,),
    ),
    practice(
        "vasteras",
        "needs_info",
        "Budget- och skuldrådgivning i arbetsträningen",
        "Budget- och skuldrådgivare håller gruppträffar i arbetsträningen.",
        "Ekonomisk oro är ett vanligt hinder för att komma vidare. Rådgivaren "
        "håller gruppträffar om budget, skulder och vad som händer med "
        "ersättningen vid anställning.\n\n"
        "Arbetssättet har prövats i ett halvår.",
        (FORS, LANGT),
        "Att minska den ekonomiska oron som hinder för arbete.",
        "- Tre gruppträffar\n- Möjlighet till enskild rådgivning",
        "Ingen särskild utbildning.",
        "Ingen utvärdering ännu.",
        "Budget- och skuldrådgivare, Västerås stad",
    ),
    practice(
        "hallstahammar",
        "draft",
        "Jobbklubb för arbetssökande över 50 år",
        "Jobbklubb med fokus på erfarenhet och nätverk för den som är över 50 år.",
        "*Utkast.* Beskriv upplägg och resultat innan inskick.\n\n"
        "Jobbklubben har funnits i ett år.",
        (LANGT,),
        "Att fler över 50 år ska få arbete.",
        "- Träffar två gånger i veckan",
        "",
        "",
        "Arbetskonsulent, Hallstahammars kommun",
    ),
    practice(
        "koping",
        "draft",
        "Arbetsträning i second hand-butik",
        "Arbetsträning i kommunens second hand-butik med kassa, sortering och "
        "kundkontakt.",
        "*Utkast.* Butiken har tagit emot deltagare i två år.\n\n"
        "Lägg till uppföljningen innan inskick.",
        (LANGT, FORS),
        "Att träna arbetsförmåga i en verklig butiksmiljö.",
        "- Sortering\n- Kassa\n- Kundkontakt",
        "Handledarutbildning.",
        "",
        "Arbetsledare, Köpings kommun – arbetsmarknadsenheten",
    ),
    practice(
        "arboga",
        "merged",
        "Lösningsfokuserade samtal i försörjningsstödet",
        "Handläggarna inom försörjningsstödet i Arboga använder lösningsfokuserade "
        "samtal.",
        "Vi har utbildat handläggarna i lösningsfokus och vill dela "
        "erfarenheterna.\n\n"
        "Arbetssättet liknar det som används i Köping.",
        (FORS,),
        "Mer framåtriktade samtal.",
        "- Skalfrågor\n- Nästa lilla steg",
        "Fyra utbildningsdagar.",
        "Handläggarna upplever samtalen som mer konstruktiva.",
        "Enhetschef, Arboga kommun – försörjningsstöd",
        merge_into="Lösningsfokuserat arbetssätt",
    ),
    practice(
        "kungsor",
        "merged",
        "Supported Employment för personer med psykisk ohälsa",
        "Stöd till arbete enligt Supported Employment för personer med psykisk "
        "ohälsa i Kungsör.",
        "Kungsör har en arbetskonsulent som arbetar enligt Supported "
        "Employment.\n\n"
        "Vi vill att arbetssättet ska finnas i metodbanken.",
        (PSYK,),
        "Fler i arbete på den öppna arbetsmarknaden.",
        "- Snabbt arbetssökande\n- Stöd på arbetsplatsen",
        "SE-utbildning.",
        "Fyra deltagare har fått anställning under året.",
        "Arbetskonsulent, Kungsörs kommun",
        merge_into="IPS / Supported Employment – individanpassat stöd till arbete",
    ),
    practice(
        "surahammar",
        "declined",
        "Belöningssystem för närvaro i arbetsträning",
        "Deltagare som har full närvaro får presentkort.",
        "Vi har prövat att belöna full närvaro med presentkort.\n\n"
        "Närvaron ökade under försöket.",
        (LANGT,),
        "Att öka närvaron.",
        "- Presentkort vid full närvaro under en månad",
        "Ingen.",
        "Närvaron ökade under försöksmånaderna.",
        "Enhetschef, Surahammars kommun",
        note="Arbetssättet bygger på ersättning till enskilda och saknar "
        "beskrivna effekter på väg till arbete. Det uppfyller därför inte "
        "metodbankens krav. Vi hjälper gärna till att beskriva era övriga "
        "arbetssätt.",
    ),
    practice(
        "sala",
        "withdrawn",
        "Friskvårdsbidrag för deltagare",
        "Deltagare i arbetsträning får friskvårdsbidrag.",
        "Vi ville pröva om friskvårdsbidrag ökar aktiviteten.\n\nFörsöket avbröts.",
        (LANGT,),
        "Bättre hälsa.",
        "- Friskvårdsbidrag",
        "",
        "",
        "Arbetskonsulent, Sala kommun",
        note="Dras tillbaka – försöket avbröts och ersattes av arbetsträning i "
        "kommunal regi.",
    ),
    practice(
        "fagersta",
        "accepted",
        "Handledarnätverk på lokala arbetsplatser",
        "Ett nätverk av utbildade handledare på företag och i kommunen som tar "
        "emot deltagare på praktik, med stöd från arbetsmarknadsenheten.",
        "Fagersta kommun har byggt upp ett nätverk med handledare på ett "
        "trettiotal arbetsplatser. Handledarna träffas fyra gånger om året och "
        "får stöd av arbetsmarknadsenheten mellan träffarna.\n\n"
        "Nätverket gör att arbetsträningsplatserna räcker till fler deltagare "
        "och att handledarna orkar längre.",
        (LANGT, UNGA),
        "Att fler deltagare ska få en väl förberedd plats nära arbetslivet.",
        "- Handledarutbildning två dagar\n"
        "- Nätverksträffar fyra gånger per år\n"
        "- En kontaktperson på arbetsmarknadsenheten för varje arbetsplats\n"
        "- Uppföljning med deltagare och handledare efter fyra veckor",
        "Handledarutbildningen (två dagar) och en introduktion till Finsam.",
        "Avbrotten i praktiken har minskat och fler deltagare har gått vidare "
        "till anställning eller studier.",
        "Arbetsmarknadsenheten, Fagersta kommun",
        parties=(AF,),
        age=(200, 260),
        spread=(("norberg", "adopted"),),
    ),
]

ITEMS = NEEDS + INITIATIVES + PRACTICES

INFO_REQUESTS = {
    "need": [
        "Tack för inskicket! Kan ni komplettera med vilka parter som redan är "
        "involverade lokalt och ungefär hur många personer det gäller per år?",
        "Vi behöver veta hur behovet ser ut i dag jämfört med för ett år sedan. "
        "Finns det siffror från er uppföljning på gruppnivå?",
        "Kan ni beskriva vilka insatser som redan finns hos er och vad som "
        "saknas? Det underlättar beredningen.",
    ],
    "initiative": [
        "Budgeten behöver delas upp per år och per part. Kan ni också bekräfta "
        "att minst två medlemmar står bakom initiativet?",
        "Komplettera gärna med hur Arbetsförmedlingen och Försäkringskassan "
        "lokalt ser på förslaget, och hur insatsen ska följas upp.",
    ],
    "practice": [
        "Metodbeskrivningen behöver kompletteras med resultat eller uppföljning "
        "och en kontaktfunktion innan den kan publiceras i metodbanken.",
        "Kan ni beskriva vilken utbildning som krävs och hur ni följer upp att "
        "arbetssättet används som det är tänkt?",
    ],
}
INFO_REPLIES = [
    "Vi har stämt av med Arbetsförmedlingen lokalt och lagt till uppgifterna i "
    "beskrivningen.",
    "Nu kompletterat med siffror från vår uppföljning på gruppnivå. Hör av er om "
    "något mer behövs.",
    "Uppdaterat. Ledningsgruppen står bakom förslaget och vi har lagt till "
    "kontaktfunktionen.",
]
INTERNAL_NOTES = [
    "Liknande behov har kommit från andra delar av länet – bevaka en möjlig "
    "sammanslagning.",
    "Tas upp på beredningsgruppens nästa möte.",
    "Stämmer väl med verksamhetsplanens prioriteringar om unga vuxna och "
    "psykisk ohälsa.",
    "Kontrollerat mot budgetramen för samverkansmedel – utrymme finns i år.",
    "Stäm av med Region Västmanland innan beslut.",
    "Bra underlag. Kan vara aktuellt att sprida till Norra Västmanland.",
]
ACCEPT_NOTES = {
    "need": [
        "Behovet är registrerat och ingår i länets behovsinventering.",
        "Godkänt. Behovet tas med i underlaget till verksamhetsplanen.",
    ],
    "initiative": [
        "Initiativet godkänns enligt beslut i beredningsgruppen.",
        "Godkänt. Återrapportering sker halvårsvis till förbundskansliet.",
    ],
    "practice": [
        "Metoden är granskad och publiceras i metodbanken.",
        "Godkänd för metodbanken. Tack för en tydlig beskrivning!",
    ],
}
RESUBMIT_NOTE = "Komplettering inskickad."
WITHDRAW_NOTE = "Dras tillbaka av noden."
DECLINE_NOTE = "Avslås efter beredning."
MERGE_NOTE = "Sammanförs med ”{title}”, som beskriver samma sak."
MERGED_HERE_NOTE = "”{title}” från {origin} har sammanförts hit."
BACKING_NOTE = "{org} står bakom."
SPREAD_NOTE = "{message}\n\nSpridd till: {names}."
ANSWER_NOTE = "{org}: {label}. {note}"
GRANTED_NOTE = "Beviljat {amount} ur samverkansmedlen."
REJECTED_NOTE = "Ansökan om samverkansmedel avslås."
FUNDS_LATER_NOTE = (
    "Initiativet godkänns, men samverkansmedel beviljas inte i år eftersom "
    "budgetramen är intecknad. Ny prövning inför nästa budgetår."
)
SPREAD_MESSAGES = {
    "need": [
        "Behovet finns sannolikt även på andra håll i länet – finns det hos er? "
        "Svara gärna med en kort kommentar.",
    ],
    "initiative": [
        "Initiativet har godkänts. Vill er organisation ansluta eller ta del av "
        "erfarenheterna?",
    ],
    "practice": [
        "Ett arbetssätt som har gett goda resultat. Titta gärna på om det passar "
        "hos er och svara när ni har tagit ställning.",
        "Metoden finns nu i metodbanken. Hör av er om ni vill ha stöd vid införandet.",
        "Sprids till er nod för kännedom och ställningstagande. Kontaktuppgifter "
        "finns i metodbeskrivningen.",
    ],
}
ANSWER_LABELS = {
    "interested": "Intresserade",
    "adopting": "Inför",
    "adopted": "Har infört",
    "not_relevant": "Inte aktuellt",
}
ANSWER_NOTES = {
    "interested": [
        "Intressant – vi tar upp det i den lokala samverkansgruppen och återkommer.",
        "Vi vill gärna veta mer och bjuder in metodägaren till vår ledningsgrupp.",
        "Intresserade, men vi behöver först se över bemanningen.",
    ],
    "adopting": [
        "Vi har påbörjat införandet; två handledare går utbildningen.",
        "Införande pågår i arbetsmarknadsenheten, med start i en pilotgrupp.",
        "Vi inför arbetssättet stegvis tillsammans med Arbetsförmedlingen lokalt.",
    ],
    "adopted": [
        "Infört i ordinarie verksamhet. Fungerar väl.",
        "Vi har infört arbetssättet och följer upp det i vår verksamhetsplan.",
        "Infört – samtliga arbetskonsulenter har gått utbildningen.",
    ],
    "not_relevant": [
        "Inte aktuellt för oss just nu – vi har ett motsvarande arbetssätt.",
        "Målgruppen är för liten hos oss; vi samverkar hellre med grannkommunen.",
        "Inte aktuellt innan vår omorganisation är klar.",
    ],
}
BUDGET_SHAPES = [
    [
        ("Personal (samordning och coachning)", 0.62),
        ("Utbildning och handledning", 0.14),
        ("Lokaler, resor och material", 0.14),
        ("Uppföljning och utvärdering", 0.10),
    ],
    [
        ("Projektledning", 0.25),
        ("Arbetskonsulenter", 0.50),
        ("Kompetensutveckling", 0.15),
        ("Information och spridning", 0.10),
    ],
    [
        ("Utbildningsinsatser", 0.55),
        ("Handledning", 0.25),
        ("Material och lokaler", 0.12),
        ("Utvärdering", 0.08),
    ],
]
NOTICES = {
    "submitted": "Ditt inskick ”{title}” har tagits emot av förbundskansliet.",
    "needs_info": "Förbundskansliet har begärt komplettering av ”{title}”.",
    "accepted": "”{title}” har godkänts av förbundskansliet.",
    "spread": "”{title}” har spridits till {org}. Svara gärna när ni har tagit "
    "ställning.",
    "answer": "{org} har svarat på spridningen av ”{title}”: {label}.",
    "inbox": "Nytt inskick från {org}: ”{title}”.",
}

# Days before now a submission in each final status was created (unless set).
AGES = {
    "draft": (1, 60),
    "submitted": (5, 25),
    "in_review": (8, 70),
    "needs_info": (14, 60),
    "accepted": (45, 700),
    "declined": (40, 700),
    "merged": (40, 700),
    "withdrawn": (30, 600),
}
# How likely an accepted submission of each kind is spread, and how nodes answer.
SPREAD_CHANCE = {"need": 0.3, "initiative": 0.5, "practice": 1.0}
ANSWER_WEIGHTS = {
    "adopted": 22,
    "adopting": 18,
    "interested": 28,
    "not_relevant": 12,
    "": 20,
}
NOTICE_KINDS = {
    "submitted": "status",
    "needs_info": "status",
    "accepted": "status",
    "spread": "spread",
    "answer": "answer",
    "inbox": "inbox",
}


def kronor(amount: int) -> str:
    """Format whole kronor the Swedish way: 1 200 000 kr."""
    return f"{amount:,} kr".replace(",", " ")


def budget(rng: random.Random, amount: int) -> str:
    """Return a budget breakdown in Markdown that adds up to the amount."""
    shape = rng.choice(BUDGET_SHAPES)
    lines, left = [], amount
    for label, share in shape[:-1]:
        part = int(round(amount * share, -3))
        lines.append(f"- {label}: {kronor(part)}")
        left -= part
    lines.append(f"- {shape[-1][0]}: {kronor(left)}")
    return "\n".join(lines) + f"\n\n**Summa: {kronor(amount)}**"


def body(text: str, parties: list[str]) -> str:
    """Return a submission's Markdown body: its text and the parties involved."""
    listed = "\n".join(f"- {name}" for name in parties)
    return f"{text}\n\n### Berörda parter\n\n{listed}\n"
