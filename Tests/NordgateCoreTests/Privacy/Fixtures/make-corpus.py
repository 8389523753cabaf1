#!/usr/bin/env python3
"""Builds free-text-corpus.json, the labelled corpus for FreeTextCorpusTests.

Write each case below with its identifiers marked inline as [[KIND:text]], where KIND is NO, DK, SE, FI, IS
(national identity numbers), email, phone, or tN (the N-th of the case's terms). The script strips the markers,
computes UTF-8 byte offsets, checks every marked identity number with an independent implementation of its rule,
warns when an unmarked number in a text passes a rule (a broken decoy), and writes the JSON next to this file.

All data must be synthetic: Norwegian numbers with month + 80, invented names, example.* domains.
Run: python3 make-corpus.py
"""
import datetime
import json
import os
import re

# ---------------------------------------------------------------- reference check rules (see docs/privacy.md)

def valid_date(year, month, day):
    try:
        datetime.date(year, month, day)
        return True
    except ValueError:
        return False


def mod11(weighted_sum):
    digit = 11 - weighted_sum % 11
    return 0 if digit == 11 else (None if digit == 10 else digit)


def weighted(digits, weights):
    return sum(int(d) * w for d, w in zip(digits, weights))


def no_valid(s):
    if len(s) != 11 or not s.isdigit():
        return False
    if mod11(weighted(s, [3, 7, 6, 1, 8, 9, 4, 5, 2])) != int(s[9]):
        return False
    if mod11(weighted(s, [5, 4, 3, 2, 7, 6, 5, 4, 3, 2])) != int(s[10]):
        return False
    day, month, yy, individual = int(s[0:2]), int(s[2:4]), int(s[4:6]), int(s[6:9])
    d_number = day > 40
    if d_number:
        day -= 40
    if 41 <= month <= 52 and not d_number:
        month -= 40
    elif 81 <= month <= 92:
        month -= 80
    elif not 1 <= month <= 12:
        return False
    if individual <= 499:
        year = 1900 + yy
    elif individual <= 749 and yy >= 54:
        year = 1800 + yy
    elif yy <= 39:
        year = 2000 + yy
    elif individual >= 900:
        year = 1900 + yy
    else:
        return False
    return valid_date(year, month, day)


def dk_valid(s):
    if len(s) == 11 and s[6] == "-":
        s = s[:6] + s[7:]
    if len(s) != 10 or not s.isdigit():
        return False
    day, month, yy, seventh = int(s[0:2]), int(s[2:4]), int(s[4:6]), int(s[6])
    if seventh in (4, 9):
        century = 2000 if yy <= 36 else 1900
    elif 5 <= seventh <= 8:
        century = 2000 if yy <= 57 else 1800
    else:
        century = 1900
    return valid_date(century + yy, month, day)


def luhn(s):
    total = 0
    for index, char in enumerate(reversed(s)):
        value = int(char) * (2 if index % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def se_valid(s):
    separator = None
    if len(s) in (11, 13) and s[-5] in "-+":
        separator = s[-5]
        if separator == "+" and len(s) == 13:
            return False
        s = s[:-5] + s[-4:]
    if not s.isdigit() or len(s) not in (10, 12):
        return False
    if len(s) == 12:
        year, ten = int(s[:4]), s[2:]
    else:
        year, ten = (1900 if separator == "+" else 2000) + int(s[:2]), s
    month, day = int(ten[2:4]), int(ten[4:6])
    if day > 60:
        day -= 60
    return valid_date(year, month, day) and luhn(ten)


def fi_valid(s):
    if len(s) != 11:
        return False
    sign, digits = s[6], s[:6] + s[7:10]
    if sign == "+":
        century = 1800
    elif sign in "-YXWVU":
        century = 1900
    elif sign in "ABCDEF":
        century = 2000
    else:
        return False
    if not digits.isdigit() or int(s[7:10]) < 2:
        return False
    if not valid_date(century + int(s[4:6]), int(s[2:4]), int(s[0:2])):
        return False
    return "0123456789ABCDEFHJKLMNPRSTUVWXY"[int(digits) % 31] == s[10]


def is_kind(s):
    """'person', 'company' or None."""
    if len(s) == 11 and s[6] == "-":
        s = s[:6] + s[7:]
    if len(s) != 10 or not s.isdigit():
        return None
    if mod11(weighted(s, [3, 2, 7, 6, 5, 4, 3, 2])) != int(s[8]):
        return None
    century = {8: 1800, 9: 1900, 0: 2000}.get(int(s[9]))
    if century is None:
        return None
    day = int(s[:2])
    company = day > 40
    if company:
        day -= 40
    if not valid_date(century + int(s[4:6]), int(s[2:4]), day):
        return None
    return "company" if company else "person"


def rules_passed(token):
    """Every rule the scanner would try on this token."""
    passed = []
    compact = token.replace(" ", "")
    if no_valid(compact):
        passed.append("NO")
    separator = token[6] if len(token) == 11 else ""
    if len(token) in (10, 11) and separator in ("", "-", "+"):
        if separator != "+" and is_kind(token) == "person":
            passed.append("IS")
        if separator != "+" and dk_valid(token):
            passed.append("DK")
    if fi_valid(token):
        passed.append("FI")
    if se_valid(token):
        passed.append("SE")
    return passed


# ---------------------------------------------------------------- cases: (language, text with markers, terms)

CASES = []


def add(language, text, terms=()):
    CASES.append((language, text, list(terms)))

# ---------------- Norwegian ----------------
add("no", "Barnet (syntetisk fnr [[NO:13817015667]]) ble meldt savnet fra mottaket 12.03.2024 kl. 14.30. Kontakt saksbehandler på [[phone:+47 912 34 567]].")
add("no", "Bekymringsmelding mottatt fra [[t0:Kari Østby]], tlf. [[phone:98 76 54 32]]. Saksnr. 2024/12345, org.nr. 987 654 321 MVA.", ["Kari Østby"])
add("no", "D-nummer [[NO:57878026340]] er registrert. Utbetalt 12 500,00 kr til konto 1234.56.78903.")
add("no", "Mor oppgir fødselsnummer [[NO:21847001302]]; det oppgitte nummeret 21847001305 har feil kontrollsiffer og er ikke gyldig.")
add("no", "Verge [[t0:Ola Nordmann]] kan nås på [[email:ola.nordmann@example.no]] eller [[phone:0047 412 34 567]].", ["Ola Nordmann"])
add("no", "Møte med [[t0:ØSTBY]] og barnevernet 3. april 2024, rom 412. Neste møte 04.05.2024 kl 09:00.", ["Østby"])
add("no", "Fnr. [[NO:058860 02728]] skrevet med mellomrom. Postadresse Storgata 12, 0150 Oslo.")
add("no", "Gutten, født 2009, har syntetisk nummer [[NO:14916131489]]. Faktura 4711-0815-22 er betalt, beløp kr 1 250 000.")
add("no", "Meldingen gjelder [[t0:Fatima   Haddad]] (sak [[t1:NO-CA-2024-0117]]). Hun ringte fra [[phone:9123 4567]].", ["Fatima Haddad", "NO-CA-2024-0117"])
add("no", "Nummeret 13817015660 er avvist av folkeregisteret. Kontonummer 1503 12 34567 oppgitt.")
add("no", "Fosterforeldre: [[t0:Per Hansen]] og [[t1:Lise Hansen]], e-post [[email:post@fosterhjem.example.no]].", ["Per Hansen", "Lise Hansen"])
add("no", "Syntetisk D-nummer [[NO:56845036077]] og H-nummer ikke oppgitt. Sjekk ISBN 978-82-123-4567-8 i rapporten.")
add("no", "Politiet (NO-POL) sendte referanse 23/04567-12 om [[NO:19905031778]] den 2024-03-12.")
add("no", "Ringte [[phone:+4791234567]] tre ganger mellom 08.15 og 09.45; ingen svar. Neste frist: 15.06.2024.")

# ---------------- Danish ----------------
add("da", "Barnets CPR-nummer er [[DK:090502-0688]]. Sagen har journalnummer 2023-15-0042.")
add("da", "Kontakt sagsbehandler [[t0:Mette Sørensen]] på [[phone:+45 12 34 56 78]] eller [[email:mette.sorensen@kommune.example.dk]].", ["Mette Sørensen"])
add("da", "Moderen (CPR [[DK:2405002606]]) fik udbetalt 3.450,75 kr den 01.02.2024.")
add("da", "Faderen oplyste telefon [[phone:20 30 40 50]] og CVR 31234567 for sit firma.")
add("da", "Rigspolitiet (DK-POL) modtog oplysninger om [[DK:010401-3940]] og [[DK:041102-3862]] kl. 13:45.")
add("da", "Plejefamilien [[t0:Jensen]] bor på Vestergade 7, 8000 Aarhus C. Telefon [[phone:0045 31 23 45 67]].", ["Jensen"])
add("da", "Nummeret 320102-1234 er ikke en gyldig dato og skal ikke maskeres. Beløb: 12.500 kr.")
add("da", "Den unge (formodet mindreårig, CPR [[DK:070505-0925]]) blev set på Hovedbanegården 2024-05-03.")
add("da", "Sag nr. 24/01234 vedrører [[t0:JENSEN]] og [[t1:Ahmed  Karimi]].", ["Jensen", "Ahmed Karimi"])
add("da", "CPR [[DK:2106011835]] og [[DK:170405-0708]]; kontonummer 1234-0012345678.")
add("da", "Oplysninger videresendt til [[email:central.authority@example.dk]] den 12/03/2024.")

# ---------------- Swedish ----------------
add("sv", "Personnummer [[SE:051127+1793]] (över 100 år) avser morfadern. Ärendenummer 2024/0815.")
add("sv", "Handläggare [[t0:Anna Lindqvist]] nås på [[phone:070-174 06 05]] eller [[email:anna.lindqvist@example.se]].", ["Anna Lindqvist"])
add("sv", "Barnet har samordningsnummer [[SE:070265+7933]] och bor i Göteborg.")
add("sv", "Pojken, [[SE:19030522-7654]], hördes 12.03.2024. Felaktigt nummer 600313-6668 avvisades.")
add("sv", "Ring [[phone:08-123 456 78]] eller [[phone:+46 70-174 06 50]]. Organisationsnummer 556123-4567.")
add("sv", "Polisen (SE-POL) registrerade [[SE:070314-4899]] och [[SE:190810866020]] samma dag.")
add("sv", "Beloppet 45 000 kr betalades till bankgiro 5050-1055 den 2024-04-01.")
add("sv", "Fostermodern [[t0:Åsa Öberg]] ringde från [[phone:+46 (0)70-174 06 88]].", ["Åsa Öberg"])
add("sv", "Samordningsnummer [[SE:19081086-6020]] tillhör en ensamkommande flicka, född 1908 enligt testdata.")
add("sv", "Ärende [[t0:SE-CA 2024/77]] gäller [[SE:011226-8271]]; kontakt [[phone:070 174 06 77]].", ["SE-CA 2024/77"])
add("sv", "Numret 051127+1794 har fel kontrollsiffra och 430227-5485 också.")

# ---------------- Finnish ----------------
add("fi", "Lapsen henkilötunnus on [[FI:141110A992F]]. Asia on kirjattu numerolla 1234/2024.")
add("fi", "Sosiaalityöntekijä [[t0:Aino Virtanen]], puh. [[phone:040 123 4567]], sähköposti [[email:aino.virtanen@example.fi]].", ["Aino Virtanen"])
add("fi", "Äidin henkilötunnus [[FI:100510-972D]], isän [[FI:240509Y979D]]. Y-tunnus 1234567-8.")
add("fi", "Tilapäinen tunnus [[FI:010318B905W]] annettiin 15.3.2024 klo 10.30.")
add("fi", "Soita numeroon [[phone:+358 40 123 4567]] tai [[phone:050 765 4321]]. Summa 1 234,50 €.")
add("fi", "Virheellinen tunnus 100510-972A hylättiin; oikea on [[FI:100808X978H]].")
add("fi", "Poliisi (FI-POL) kirjasi tunnukset [[FI:050329C9581]], [[FI:060810D9341]] ja [[FI:140527E916K]].")
add("fi", "Perhe asuu osoitteessa Mannerheimintie 5 A 12, 00100 Helsinki. Puhelin [[phone:09 123 4567]].")
add("fi", "Vanhat tunnukset: [[FI:200711F9833]], [[FI:150713U9776]], [[FI:010312V976M]] ja [[FI:100405W9000]].")
add("fi", "Isoisoisän tunnus [[FI:190414+9004]] löytyi arkistosta. Tapaaminen [[t0:Virtasen]] kanssa 3.4.", ["Virtasen"])

# ---------------- Icelandic ----------------
add("is", "Kennitala barnsins er [[IS:240807-7509]]. Málið er skráð undir númerinu 2024/118.")
add("is", "Félagsráðgjafi [[t0:Guðrún Jónsdóttir]], sími [[phone:611 2345]], netfang [[email:gudrun@example.is]].", ["Guðrún Jónsdóttir"])
add("is", "Móðirin, kt. [[IS:1503092200]], hringdi úr [[phone:+354 699 1234]].")
add("is", "Fyrirtækið Dæmi ehf. hefur kennitölu 530798-2599 og það er ekki persónuupplýsing.")
add("is", "Lögreglan (IS-POL) skráði [[IS:181006-2429]] og [[IS:250805-4970]] þann 12.03.2024.")
add("is", "Hringið í [[phone:00354 555 1234]] eða skrifið á [[email:barnavernd@example.is]].")
add("is", "Faðirinn [[t0:Jón Sigurðsson]] ([[IS:090214-4979]]) greiddi 150.000 kr.", ["Jón Sigurðsson"])
add("is", "Kennitölur félaga 470984-9029 og 620160-3189 eru ekki einstaklinga.")
add("is", "Barnið með kennitölu [[IS:270903-2070]] fluttist til Noregs. Sími fjölskyldu [[phone:862-1234]].")
add("is", "Tilvísun [[t0:IS-CA-2024-009]]: [[IS:130903-4369]] og [[IS:200307-4960]].", ["IS-CA-2024-009"])

# ---------------- English ----------------
add("en", "Request to locate a child: national ID [[NO:01810078916]] (synthetic), last seen 12/03/2024 at 14:30.")
add("en", "Contact the liaison officer at [[email:liaison.officer@police.example.org]] or [[phone:+44 20 7946 0958]].")
add("en", "Case [[t0:NO-CA 2024/0117]] concerns [[t1:Fatima Haddad]]; her mother [[t1:FATIMA HADDAD]] shares the name.", ["NO-CA 2024/0117", "Fatima Haddad"])
add("en", "Invoice 2024-0012345 of EUR 1,234.50 was paid from account NO93 8601 1117 947 on 2024-03-12.")
add("en", "The suspect used the phones [[phone:+1 202 555 0143]] and [[phone:+47 45 67 89 01]] between 01:00 and 03:30.")
add("en", "Card number 4929 1234 5678 9012 was found; it is not a phone number.")
add("en", "The child's Danish CPR number is [[DK:180603-2190]] and the Swedish one [[SE:051113-9487]].")
add("en", "Invalid numbers 05886002721 and 57878026343 fail their check digits; the valid ones are [[NO:05886002728]] and [[NO:12925524288]].")
add("en", "Report from [[t0:Kari Østby]]: the victim, aged 16, was moved via Oslo on 3 April 2024.", ["Kari Østby"])
add("en", "Phone serial SN-4455-6677, order no. 12-34-56-78 and batch 0012345678 are not phone numbers.")
add("en", "Interpreter [[t0:Ahmed Karimi]] ([[email:a.karimi@interpret.example.com]]) was present; fee 2 500 NOK.", ["Ahmed Karimi"])
add("en", "Icelandic company 470984-9029 and Finnish business ID 2345678-9 are not personal identifiers.")
add("en", "Synthetic numbers [[NO:26815425897]], [[NO:11877029109]] and [[NO:53926137456]] were used in the test exchange.")

# ---------------- Harder layouts (line breaks, no-break spaces, punctuation) ----------------
add("no", "Tlf.:[[phone:98765432]]\nFnr:[[NO:18911264974]]\nNavn: [[t0:Kari\nØstby]]", ["Kari Østby"])
add("no", "Nødnummer 112 og 113, opplysning 1881, lov 2005-06-17-62 § 4-12, sak 24-123456TVI-OTIR/05, uke 12, kl. 9.30–10.00.")
add("sv", "Kontakt: tel:[[phone:+46701740699]]; mejl <[[email:handlaggare.sv@example.se]]>, pnr ([[SE:19051219-6577]]).")
add("da", "Oplysninger: [[DK:120102-3530]], [[DK:200605-3839]]; tlf.\u00a0[[phone:20\u00a030\u00a040\u00a060]].")
add("en", "Subjects: [[NO:47905240257]]; [[FI:141110A992F]]; [[IS:090214-4979]]. Amount 1 234 567 NOK, ref 4711 0815 2231.")
add("fi", "Lisätiedot: [[email:sosiaalipaivystys@example.fi]] tai [[phone:+358 9 123 4567]]. Laskun viite 12345 67890 12.")
add("is", "Vitni: [[t0:Sigríður Þórsdóttir]]\n([[t0:SIGRÍÐUR  ÞÓRSDÓTTIR]]), sími [[phone:+354 862 1234]].", ["Sigríður Þórsdóttir"])
add("en", "Meeting with [[t0:Ola Nordmann]] on 2024-05-03 at 10:15; his colleague Ola Nordmannsen was absent.", ["Ola Nordmann"])


# ---------------------------------------------------------------- build

KINDS = {"NO": "nationalID.NO", "DK": "nationalID.DK", "SE": "nationalID.SE", "FI": "nationalID.FI",
         "IS": "nationalID.IS", "email": "email", "phone": "phone"}
CHECKS = {"NO": lambda t: no_valid(t.replace(" ", "")), "DK": dk_valid, "SE": se_valid, "FI": fi_valid,
          "IS": lambda t: is_kind(t) == "person"}


def build():
    cases, per_language = [], {}
    for language, source, terms in CASES:
        text, expected, position = "", [], 0
        for marker in re.finditer(r"\[\[([A-Za-z0-9]+):(.*?)\]\]", source, re.S):
            text += source[position:marker.start()]
            kind, value = marker.group(1), marker.group(2)
            start = len(text.encode())
            text += value
            if kind in CHECKS:
                assert CHECKS[kind](value), f"{value} fails the {kind} rule"
            expected.append({"kind": KINDS.get(kind) or "term." + kind[1:], "start": start,
                             "end": len(text.encode()), "text": value})
            position = marker.end()
        text += source[position:]
        assert "[[" not in text, source
        per_language[language] = per_language.get(language, 0) + 1
        case_id = f"{language}-{per_language[language]:02d}"
        marked = [(e["start"], e["end"]) for e in expected]
        pattern = r"(?<![\w/.-])(\d{6}[-+ ]?\d{4,6}|\d{6}[A-FU-Y]\d{3}\w|\d{8}-\d{4}|\d{12})(?!\w)"
        for token in re.finditer(pattern, text):
            offset = len(text[:token.start()].encode())
            if not any(a <= offset < b for a, b in marked) and rules_passed(token.group(0)):
                print(f"warning: {case_id}: unmarked {token.group(0)} passes {rules_passed(token.group(0))}")
        cases.append({"id": case_id, "language": language, "text": text, "terms": terms, "expected": expected})
    corpus = {
        "description": "Synthetic, labelled free-text corpus for FreeTextScanner, generated by make-corpus.py. "
        "All identity numbers, names, phone numbers and addresses are invented; Norwegian numbers are synthetic "
        "(month + 80). Offsets are UTF-8 byte offsets into text; kinds are nationalID.<country>, email, phone, "
        "term.<index into terms>.",
        "cases": cases,
    }
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "free-text-corpus.json")
    with open(path, "w", encoding="utf-8") as file:
        json.dump(corpus, file, ensure_ascii=False, indent=1)
        file.write("\n")
    print(f"{len(cases)} cases, {sum(len(c['expected']) for c in cases)} labelled spans -> {path}")


if __name__ == "__main__":
    build()
