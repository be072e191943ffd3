"""Source rules: the organism and its source qualifiers, as GenBank's BioSource sees them.

Source qualifiers reach a record from its FASTA definition line, from .src table rows and from the
submission-wide modifiers (tbl2asn -j); findings point at the line that set the value (the defline, the .src
row, or the FASTA header when the value is missing). Messages as tbl2asn 25.3 writes them.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator

from gbprep.model.diagnostics import Severity, SourcePos
from gbprep.model.modifiers import canonical_modifier_name
from gbprep.model.records import SourceModifier
from gbprep.rules.ncbi_labels import bioseq_text, seq_text
from gbprep.rules.products import products
from gbprep.rules.registry import Hit, RecordContext, SubmissionContext, rule
from gbprep.rules.taxa import is_known_eukaryote
from gbprep.rules.translation import ncbi_id


def modifier_map(modifiers: list[SourceModifier]) -> dict[str, SourceModifier]:
    """Canonical modifier name -> its first occurrence (defline first, then .src, then -j)."""
    out: dict[str, SourceModifier] = {}
    for m in modifiers:
        name = canonical_modifier_name(m.name)
        if name is not None and name not in out:
            out[name] = m
    return out


def _modifiers(ctx: RecordContext) -> dict[str, SourceModifier]:
    return ctx.cached("modifier_map", lambda: modifier_map(ctx.source_modifiers))  # type: ignore[return-value]


def organism_of(modifiers: dict[str, SourceModifier]) -> str:
    found = modifiers.get("organism")
    return found.value.strip() if found is not None else ""


def _biosrc(ctx: RecordContext) -> str:
    """What tbl2asn prints after DESCRIPTOR: ``BioSrc: uncultured bacterium BIOSEQ: lcl|A1``."""
    return f"BioSrc: {organism_of(_modifiers(ctx))} BIOSEQ: {ncbi_id(ctx.record.seq_id)}"


def _where(ctx: RecordContext, name: str) -> SourcePos:
    found = _modifiers(ctx).get(name)
    return found.pos if found is not None else ctx.record.pos


# --- organism -----------------------------------------------------------------------------------------------


@rule(code="SEQ_DESCR.NoOrgFound", severity=Severity.ERROR, scope="submission")
def no_organism(ctx: SubmissionContext) -> Iterator[Hit]:
    """No sequence of the submission names its organism.

    What: none of the sequences has an [organism=...] (FASTA definition line, .src table or the
    submission's source modifiers).
    Why: every GenBank record belongs to an organism; without one the records cannot be classified, named
    or released.
    Fix: add [organism=Genus species] to the definition lines, an 'organism' column to the .src table, or
    set the organism for the whole submission.
    Example: >contig1 Arthrobacter sp. strain RS66   (the name in free text is not read)
    """
    if not ctx.records:
        return
    if any(organism_of(modifier_map(r.modifiers)) for r in ctx.records):
        return
    first = ctx.records[0]
    yield Hit(
        first.pos,
        "No organism name anywhere on this entire record.",
        first.seq_id,
        seq_text(first.seq_id, ctx.lengths.get(first.seq_id, len(first))),
    )


@rule(code="SEQ_DESCR.BioSourceMissing", severity=Severity.WARNING)
def biosource_missing(ctx: RecordContext) -> Iterator[Hit]:
    """A sequence with proteins has no organism (no BioSource) of its own.

    What: a sequence that carries at least one translated CDS (so GenBank packages it with its proteins)
    and has no organism.
    Why: the organism is given once for the nucleotide and its proteins; without it, neither can be
    classified.
    Fix: add [organism=...] for this sequence (definition line or .src table), or for the whole submission.
    Example: >contig1  with CDS features and no [organism=...].
    """
    if organism_of(_modifiers(ctx)) or not products(ctx):
        return
    yield Hit(
        ctx.record.pos,
        "Nuc-prot set does not contain expected BioSource descriptor",
        ctx.record.seq_id,
        f"BIOSEQ-SET: nuc-prot: {ncbi_id(ctx.record.seq_id)}",
    )


def _flag(modifiers: dict[str, SourceModifier], name: str) -> bool:
    found = modifiers.get(name)
    return found is not None and found.value.strip().lower() not in ("false", "no")


@rule(code="SEQ_DESCR.BioSourceInconsistency", severity=Severity.WARNING)
def biosource_inconsistency(ctx: RecordContext) -> Iterator[Hit]:
    """Source qualifiers that contradict or need each other.

    What: an 'uncultured ...' organism without [environmental-sample=TRUE]; an environmental sample without
    [isolation-source=] or [host=]; a [metagenomic=TRUE] sample without [environmental-sample=TRUE] (the last
    is a REJECT, as NCBI has it).
    Why: GenBank describes environmental and metagenomic samples by these flags together; one without the
    other is inconsistent and blocks processing.
    Fix: add the missing qualifier: [environmental-sample=TRUE] for uncultured or metagenomic samples, and
    say where it came from with [isolation-source=...] (or the host with [host=...]).
    Example: >A1 [organism=uncultured bacterium] [isolation-source=soil]
    """
    mods = _modifiers(ctx)
    organism = organism_of(mods)
    environmental = _flag(mods, "environmental-sample")
    label = _biosrc(ctx)
    if organism.lower().startswith("uncultured") and not environmental:
        pos = _where(ctx, "organism")
        yield Hit(pos, "Uncultured should also have /environmental_sample", ctx.record.seq_id, label)
    if environmental and "isolation-source" not in mods and "nat-host" not in mods:
        yield Hit(
            _where(ctx, "environmental-sample"),
            "Environmental sample should also have isolation source or specific host annotated",
            ctx.record.seq_id,
            label,
        )
    if _flag(mods, "metagenomic") and not environmental:
        yield Hit(
            _where(ctx, "metagenomic"),
            "Metagenomic should also have environmental sample annotated",
            ctx.record.seq_id,
            label,
            Severity.REJECT,
        )


# --- collection date, place ----------------------------------------------------------------------------------

_MONTHS = {
    m: i
    for i, m in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), start=1
    )
}
_DMY = re.compile(r"^(\d{2})-([A-Za-z]{3})-(\d{4})$")
_MY = re.compile(r"^([A-Za-z]{3})-(\d{4})$")
_ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T[0-9:.]+Z?)?)?)?$")


def _date(text: str) -> datetime.date | None:
    """The earliest day a collection date can mean, or None when tbl2asn would not read it."""
    text = text.strip()
    try:
        if match := _DMY.match(text):
            named = _MONTHS.get(match.group(2).lower())
            return datetime.date(int(match.group(3)), named, int(match.group(1))) if named else None
        if match := _MY.match(text):
            named = _MONTHS.get(match.group(1).lower())
            return datetime.date(int(match.group(2)), named, 1) if named else None
        if match := _ISO.match(text):
            year, month, day = match.group(1), match.group(2), match.group(3)
            return datetime.date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        return None  # day 32, month 13, ...
    return None


def collection_date_problem(value: str, today: datetime.date | None = None) -> str | None:
    """tbl2asn's message for a collection date (one date or a 'from/to' range), or None when it is fine."""
    dates = [_date(part) for part in value.split("/")] if value.count("/") <= 1 else [None]
    if any(d is None for d in dates):
        return "Collection_date format is not in DD-Mmm-YYYY format"
    if any(d is not None and d > (today or datetime.date.today()) for d in dates):
        return "Collection_date is in the future"
    return None


@rule(code="SEQ_DESCR.BadCollectionDate", severity=Severity.WARNING)
def bad_collection_date(ctx: RecordContext) -> Iterator[Hit]:
    """A collection date GenBank cannot read, or one in the future.

    What: [collection-date=] must be DD-Mmm-YYYY (two-digit day), Mmm-YYYY, YYYY or ISO 8601
    (YYYY-MM-DD, YYYY-MM), or two of these joined by '/' for a range; the date must not be later than today.
    Why: GenBank shows the date in one normalised form; an unreadable or impossible date cannot be shown.
    Fix: write e.g. 06-Sep-2014 (note the leading zero) or 2014-09-06.
    Example: Sequence_1  ...  6-Sep-2014  (in the collection-date column of the .src table)
    """
    found = _modifiers(ctx).get("collection-date")
    if found is None:
        return
    problem = collection_date_problem(found.value)
    if problem is not None:
        yield Hit(found.pos, problem, ctx.record.seq_id, _biosrc(ctx))


_LAT_LON = re.compile(r"^(\d+(?:\.\d+)?)\s*([NS])\s+(\d+(?:\.\d+)?)\s*([EW])$")
_SIGNED_PAIR = re.compile(r"^-?\d+(?:\.\d+)?[\s,]+-?\d+(?:\.\d+)?$")  # tbl2asn's cleanup converts these


def lat_lon_problem(value: str) -> tuple[str, str] | None:
    """(code, message) for a lat_lon value, or None when it is fine."""
    text = value.strip()
    match = _LAT_LON.match(text)
    if match is None:
        if _SIGNED_PAIR.match(text):
            return None
        return "SEQ_DESCR.LatLonFormat", "lat_lon format is incorrect - should be dd.dd N|S ddd.dd E|W"
    if float(match.group(1)) > 90:
        return (
            "SEQ_DESCR.LatLonRange",
            "latitude value is out of range - should be between 90.00 N and 90.00 S",
        )
    if float(match.group(3)) > 180:
        return (
            "SEQ_DESCR.LatLonRange",
            "longitude value is out of range - should be between 180.00 E and 180.00 W",
        )
    return None


def _lat_lon_hits(ctx: RecordContext, code: str) -> Iterator[Hit]:
    found = _modifiers(ctx).get("lat-lon")
    if found is None:
        return
    problem = lat_lon_problem(found.value)
    if problem is not None and problem[0] == code:
        yield Hit(found.pos, problem[1], ctx.record.seq_id, _biosrc(ctx))


@rule(code="SEQ_DESCR.LatLonFormat", severity=Severity.WARNING)
def lat_lon_format(ctx: RecordContext) -> Iterator[Hit]:
    """A [lat-lon=] value is not in decimal degrees with hemispheres.

    What: latitude and longitude must be written 'dd.dd N|S ddd.dd E|W' (decimal degrees, then the
    hemisphere letter).
    Why: GenBank maps the place of collection from this value; other forms (degrees-minutes, free text)
    cannot be read reliably.
    Fix: convert to decimal degrees, e.g. 35.50 N 120.20 W.
    Example: >s1 [organism=Homo sapiens] [lat-lon=35 30' N, 120 12' W]
    """
    yield from _lat_lon_hits(ctx, "SEQ_DESCR.LatLonFormat")


@rule(code="SEQ_DESCR.LatLonRange", severity=Severity.WARNING)
def lat_lon_range(ctx: RecordContext) -> Iterator[Hit]:
    """A [lat-lon=] value is off the globe.

    What: a latitude above 90 degrees or a longitude above 180 degrees.
    Why: no place on Earth has such coordinates; the numbers are swapped or mistyped.
    Fix: check the order (latitude first, then longitude) and the values.
    Example: >s1 [organism=Homo sapiens] [lat-lon=95.0 N 120.2 W]
    """
    yield from _lat_lon_hits(ctx, "SEQ_DESCR.LatLonRange")


# Country names tbl2asn 25.3 accepts (the part before ':'). Source: country_lat_lon.txt of NCBI's toolkit data
# (Debian ncbi-data 6.1.20170106), less the names it reports as replaced, plus the ones it accepts beyond that
# file (checked by running it).
_COUNTRIES = """
    Afghanistan|Albania|Algeria|American Samoa|Andorra|Angola|Anguilla|Antarctica|Antigua and Barbuda
    Arctic Ocean|Argentina|Armenia|Aruba|Ashmore and Cartier Islands|Atlantic Ocean|Australia|Austria
    Azerbaijan|Bahamas|Bahrain|Baker Island|Bangladesh|Barbados|Bassas da India|Belarus|Belgium|Belize
    Benin|Bermuda|Bhutan|Bolivia|Borneo|Bosnia and Herzegovina|Botswana|Bouvet Island|Brazil
    British Virgin Islands|Brunei|Bulgaria|Burkina Faso|Burundi|Cambodia|Cameroon|Canada|Cape Verde
    Cayman Islands|Central African Republic|Chad|Chile|China|Christmas Island|Clipperton Island
    Cocos Islands|Colombia|Comoros|Cook Islands|Coral Sea Islands|Costa Rica|Cote d'Ivoire|Croatia|Cuba
    Cyprus|Czech Republic|Democratic Republic of the Congo|Denmark|Djibouti|Dominica|Dominican Republic
    Ecuador|Egypt|El Salvador|Equatorial Guinea|Eritrea|Estonia|Ethiopia|Europa Island
    Falkland Islands (Islas Malvinas)|Faroe Islands|Fiji|Finland|France|French Guiana|French Polynesia
    French Southern and Antarctic Lands|Gabon|Gambia|Gaza Strip|Georgia|Germany|Ghana|Gibraltar
    Glorioso Islands|Greece|Greenland|Grenada|Guadeloupe|Guam|Guatemala|Guernsey|Guinea|Guinea-Bissau
    Guyana|Haiti|Heard Island and McDonald Islands|Honduras|Hong Kong|Howland Island|Hungary|Iceland
    India|Indian Ocean|Indonesia|Iran|Iraq|Ireland|Isle of Man|Israel|Italy|Jamaica|Jan Mayen|Japan
    Jarvis Island|Jersey|Johnston Atoll|Jordan|Juan de Nova Island|Kazakhstan|Kenya
    Kerguelen Archipelago|Kingman Reef|Kiribati|Kosovo|Kuwait|Kyrgyzstan|Laos|Latvia|Lebanon|Lesotho
    Liberia|Libya|Liechtenstein|Lithuania|Luxembourg|Macau|Macedonia|Madagascar|Malawi|Malaysia|Maldives
    Mali|Malta|Marshall Islands|Martinique|Mauritania|Mauritius|Mayotte|Mediterranean Sea|Mexico
    Micronesia|Midway Islands|Moldova|Monaco|Mongolia|Montenegro|Montserrat|Morocco|Mozambique|Myanmar
    Namibia|Nauru|Navassa Island|Nepal|Netherlands|New Caledonia|New Zealand
    Nicaragua|Niger|Nigeria|Niue|Norfolk Island|North Korea|North Sea|Northern Mariana Islands|Norway
    Oman|Pacific Ocean|Pakistan|Palau|Palmyra Atoll|Panama|Papua New Guinea|Paracel Islands|Paraguay
    Peru|Philippines|Pitcairn Islands|Poland|Portugal|Puerto Rico|Qatar|Republic of the Congo|Reunion
    Romania|Ross Sea|Russia|Rwanda|Saint Helena|Saint Kitts and Nevis|Saint Lucia
    Saint Pierre and Miquelon|Saint Vincent and the Grenadines|Samoa|San Marino|Sao Tome and Principe
    Saudi Arabia|Senegal|Serbia|Seychelles|Sierra Leone|Singapore|Slovakia|Slovenia|Solomon Islands
    Somalia|South Africa|South Georgia and the South Sandwich Islands|South Korea|Southern Ocean|Spain
    Spratly Islands|Sri Lanka|Sudan|Suriname|Svalbard|Swaziland|Sweden|Switzerland|Syria|Taiwan
    Tajikistan|Tanzania|Tasman Sea|Thailand|Togo|Tokelau|Tonga|Trinidad and Tobago|Tromelin Island
    Tunisia|Turkey|Turkmenistan|Turks and Caicos Islands|Tuvalu|USA|Uganda|Ukraine|United Arab Emirates
    United Kingdom|Uruguay|Uzbekistan|Vanuatu|Venezuela|Viet Nam|Virgin Islands|Wake Island
    Wallis and Futuna|West Bank|Western Sahara|Yemen|Zambia|Zimbabwe
    Baltic Sea|Curacao|Line Islands|Palestine|Saint Barthelemy|Saint Martin|Sint Maarten|South Sudan
    Timor-Leste|Micronesia, Federated States of|Vietnam|Ivory Coast
"""
COUNTRIES = frozenset(n.strip().casefold() for n in _COUNTRIES.replace("\n", "|").split("|") if n.strip())
# Former names tbl2asn 25.3 reports as replaced (INFO), checked by running it.
REPLACED_COUNTRIES = frozenset(
    n.casefold()
    for n in (
        "Belgian Congo",
        "British Guiana",
        "Burma",
        "Czechoslovakia",
        "East Timor",
        "Korea",
        "Netherlands Antilles",
        "Serbia and Montenegro",
        "Siam",
        "USSR",
        "Yugoslavia",
        "Zaire",
    )
)


def country_problem(value: str) -> tuple[str, str] | None:
    country = value.split(":", 1)[0].strip()
    folded = country.casefold()
    if folded in REPLACED_COUNTRIES:
        return "SEQ_DESCR.ReplacedCountryCode", f"Replaced country name [{country}]"
    if folded not in COUNTRIES:
        return "SEQ_DESCR.BadCountryCode", f"Bad country name [{country}]"
    return None


def _country_hits(ctx: RecordContext, code: str) -> Iterator[Hit]:
    found = _modifiers(ctx).get("country") or _modifiers(ctx).get("geo-loc-name")
    if found is None:
        return
    problem = country_problem(found.value)
    if problem is not None and problem[0] == code:
        yield Hit(found.pos, problem[1], ctx.record.seq_id, _biosrc(ctx))


@rule(code="SEQ_DESCR.BadCountryCode", severity=Severity.ERROR)
def bad_country(ctx: RecordContext) -> Iterator[Hit]:
    """A [country=] value does not start with a country or ocean on INSDC's list.

    What: the part of [country=] before ':' must be one of INSDC's country and sea names; the locality may
    follow after ':' ('USA: Boulder, CO').
    Why: GenBank indexes records by country; a name off the list (a typo, a current name INSDC does not use
    yet, a region) cannot be indexed.
    Fix: use the INSDC name (e.g. 'Czech Republic', 'Russia') and put region or town after a colon.
    Example: >s1 [organism=Homo sapiens] [country=Sudann]
    """
    yield from _country_hits(ctx, "SEQ_DESCR.BadCountryCode")


@rule(code="SEQ_DESCR.ReplacedCountryCode", severity=Severity.INFO)
def replaced_country(ctx: RecordContext) -> Iterator[Hit]:
    """A [country=] value uses a former country name.

    What: names INSDC replaced (Burma, Zaire, USSR, Yugoslavia, ...).
    Why: GenBank shows current names; the record keeps the one you gave but a curator will ask.
    Fix: use the current name (Myanmar, Democratic Republic of the Congo, ...), or the historical one on
    purpose for old samples with a note.
    Example: >s1 [organism=Homo sapiens] [country=Burma]
    """
    yield from _country_hits(ctx, "SEQ_DESCR.ReplacedCountryCode")


# --- the definition line -------------------------------------------------------------------------------------

_BRACKET_PAIR = re.compile(r"\[[^\[\]=]+=[^\[\]]*\]")


@rule(code="SEQ_DESCR.FastaBracketTitle", severity=Severity.WARNING)
def fasta_bracket_title(ctx: RecordContext) -> Iterator[Hit]:
    """A [name=value] pair in the definition line is not a source modifier tbl2asn knows.

    What: after the known modifiers are taken out of the FASTA title, a '[...=...]' is left over (e.g.
    [plasmid=...] instead of [plasmid-name=...], [organelle=...] instead of [location=...]).
    Why: the value is not applied to the record; it stays in the title GenBank shows.
    Fix: use the modifier's NCBI name ([plasmid-name=pPCP1], [location=chloroplast]) or remove the brackets.
    Example: >NC_005816 [organism=Yersinia pestis] [plasmid=pPCP1]
    """
    if _BRACKET_PAIR.search(ctx.record.title):
        yield Hit(
            ctx.record.pos,
            "Title may have unparsed [...=...] construct",
            ctx.record.seq_id,
            bioseq_text(ctx.record),
        )


# Locations that have their own ribosomes, whose 16S-like rRNA is expected in a eukaryote.
_RIBOSOMAL_ORGANELLES = frozenset(
    {
        "mitochondrion",
        "chloroplast",
        "chromoplast",
        "kinetoplast",
        "plastid",
        "cyanelle",
        "apicoplast",
        "leucoplast",
        "proplastid",
        "chromatophore",
        "hydrogenosome",
    }
)


@rule(code="SEQ_DESCR.WrongOrganismFor16SrRNA", severity=Severity.ERROR)
def wrong_organism_for_16s(ctx: RecordContext) -> Iterator[Hit]:
    """A 16S rRNA is annotated on a eukaryote's nuclear sequence.

    What: an rRNA whose /product is '16S ribosomal RNA' on a sequence of a eukaryote (as tbl2asn's offline
    taxonomy knows it) whose [location=] is not an organelle with its own ribosomes (chloroplast,
    mitochondrion, ...). Reported once per sequence.
    Why: eukaryotic nuclear ribosomes use 18S rRNA; 16S belongs to bacteria, archaea and organelles. Most
    often the [location=] is missing or misspelt ([organelle=] is not read).
    Fix: set [location=chloroplast] (or mitochondrion, ...) on organelle sequences; otherwise correct the
    product (18S ribosomal RNA) or the organism.
    Example: >NC_000932 [organism=Arabidopsis thaliana] [organelle=plastid:chloroplast]  with a 16S rRNA
    """
    mods = _modifiers(ctx)
    if not is_known_eukaryote(organism_of(mods)):
        return
    location = (mods["location"].value if "location" in mods else "").strip().lower().rsplit(":", 1)[-1]
    if location in _RIBOSOMAL_ORGANELLES:
        return
    for rrna in ctx.of_key("rRNA"):
        if (rrna.get("product") or "").strip().lower() == "16s ribosomal rna":
            yield Hit(rrna.pos, "Improper 16S ribosomal RNA", ctx.record.seq_id, bioseq_text(ctx.record))
            return
