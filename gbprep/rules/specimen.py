"""Where, when and from what a sample was taken: collection date, lat_lon, country, vouchers.

Source qualifiers as ``source.py`` reads them (defline, .src rows, -j); findings point at the line that set
the value. Messages as tbl2asn 25.3 writes them.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterator

from gbprep.model.diagnostics import Severity
from gbprep.rules.registry import Hit, RecordContext, rule
from gbprep.rules.source import biosrc_label, modifiers_of

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
    found = modifiers_of(ctx).get("collection-date")
    if found is None:
        return
    problem = collection_date_problem(found.value)
    if problem is not None:
        yield Hit(found.pos, problem, ctx.record.seq_id, biosrc_label(ctx))


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


def _value_hits(
    ctx: RecordContext, names: tuple[str, ...], problem_of: Callable[[str], tuple[str, str] | None], code: str
) -> Iterator[Hit]:
    """The hit of ``code`` when the first of the modifiers ``names`` the record has shows that problem."""
    found = next((m for name in names if (m := modifiers_of(ctx).get(name)) is not None), None)
    if found is None:
        return
    problem = problem_of(found.value)
    if problem is not None and problem[0] == code:
        yield Hit(found.pos, problem[1], ctx.record.seq_id, biosrc_label(ctx))


def _lat_lon_hits(ctx: RecordContext, code: str) -> Iterator[Hit]:
    return _value_hits(ctx, ("lat-lon",), lat_lon_problem, code)


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
_SPELLINGS = {n.strip().casefold(): n.strip() for n in _COUNTRIES.replace("\n", "|").split("|") if n.strip()}
COUNTRIES = frozenset(_SPELLINGS)
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


def country_cleanup(value: str) -> str:
    """A country as tbl2asn's cleanup writes it: the INSDC spelling of a known name ('china' -> 'China'),
    one space after the colon ('Russia:Bashkortostan' -> 'Russia: Bashkortostan')."""
    head, colon, rest = value.partition(":")
    head = (
        _SPELLINGS.get(head.strip().casefold(), head.strip())
        if colon
        else _SPELLINGS.get(value.strip().casefold(), value)
    )
    return f"{head}: {rest.strip()}" if colon and rest.strip() else (head + colon if colon else head)


def country_problem(value: str) -> tuple[str, str] | None:
    country = value.split(":", 1)[0].strip()
    folded = country.casefold()
    if folded in REPLACED_COUNTRIES:
        return "SEQ_DESCR.ReplacedCountryCode", f"Replaced country name [{country}]"
    if folded not in COUNTRIES:
        return "SEQ_DESCR.BadCountryCode", f"Bad country name [{country}]"
    return None


def _country_hits(ctx: RecordContext, code: str) -> Iterator[Hit]:
    return _value_hits(ctx, ("country", "geo-loc-name"), country_problem, code)


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


# --- vouchers ------------------------------------------------------------------------------------------------


@rule(code="SEQ_DESCR.UnstructuredVoucher", severity=Severity.ERROR)
def unstructured_voucher(ctx: RecordContext) -> Iterator[Hit]:
    """A culture collection is not written 'institution:id'.

    What: a [culture-collection=] value without a ':' between the collection's code and the strain's
    number in it (specimen vouchers and bio-materials may be free text; culture collections may not).
    Why: GenBank links culture collection entries to the collection's catalogue by its institution code;
    without the code the link cannot be made.
    Fix: write the collection's code, a colon and the number: ATCC:25922, DSM:9946.
    Example: Sequence_ID  culture_collection / contig1  ABC 1   (in the .src table)
    """
    found = modifiers_of(ctx).get("culture-collection")
    if found is not None and found.value.strip() and ":" not in found.value:
        message = "Culture_collection should be structured, but is not"
        yield Hit(found.pos, message, ctx.record.seq_id, biosrc_label(ctx))
