"""A flatfile as HTML: escaped, with accessions, protein_ids, BioProjects and db_xref values as links."""

from __future__ import annotations

import re
from urllib.parse import quote

from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# Where a db_xref's database lives (the ones NCBI links from its flatfiles); others go to our search.
DBXREF_URLS = {
    "taxon": "https://www.ncbi.nlm.nih.gov/Taxonomy/Browser/wwwtax.cgi?id={}",
    "GeneID": "https://www.ncbi.nlm.nih.gov/gene/{}",
    "UniProtKB/Swiss-Prot": "https://www.uniprot.org/uniprotkb/{}",
    "UniProtKB/TrEMBL": "https://www.uniprot.org/uniprotkb/{}",
    "InterPro": "https://www.ebi.ac.uk/interpro/entry/InterPro/{}",
    "GO": "https://amigo.geneontology.org/amigo/term/GO:{}",
    "PFAM": "https://www.ebi.ac.uk/interpro/entry/pfam/{}",
    "SGD": "https://www.yeastgenome.org/locus/{}",
    "FLYBASE": "https://flybase.org/reports/{}",
    "HGNC": "https://www.genenames.org/data/gene-symbol-report/#!/hgnc_id/HGNC:{}",
    "MIM": "https://www.omim.org/entry/{}",
    "EnsemblGenomes-Gn": "https://www.ensemblgenomes.org/id/{}",
    "CDD": "https://www.ncbi.nlm.nih.gov/Structure/cdd/cddsrv.cgi?uid={}",
    "PDB": "https://www.rcsb.org/structure/{}",
}

_DBXREF = re.compile(r"(/db_xref=&quot;)([^:&]+):([^&]+)(&quot;)")
_PROTEIN_ID = re.compile(r"(/(?:protein_id|transcript_id)=&quot;)([A-Z]{1,3}_?[0-9]+\.[0-9]+)(&quot;)")
_CODED_BY = re.compile(r"(/coded_by=&quot;(?:complement\()?)([A-Z]{1,4}_?[0-9]+\.[0-9]+)(:)")
_HEADER_ACC = re.compile(
    r"^(ACCESSION   |VERSION     |DBSOURCE    accession )([A-Z]{1,4}_?[0-9]+(?:\.[0-9]+)?)", re.M
)
_BIOPROJECT = re.compile(r"(BioProject: )([A-Z]+[0-9]+)")
_COMMENT_ACC = re.compile(r"(identical to |derived from )([A-Z]{1,4}_?[0-9]+\.[0-9]+)")


def _record(accession: str) -> str:
    return reverse("records:detail", args=[accession])


def dbxref_url(db: str, value: str) -> str:
    template = DBXREF_URLS.get(db)
    if template:
        return template.format(quote(value, safe=""))
    return reverse("records:search") + "?q=" + quote(f'"{db}:{value}"')


def flatfile_html(text: str) -> SafeString:
    html = str(escape(text))
    html = _DBXREF.sub(
        lambda m: (
            f'{m.group(1)}<a class="xref" href="{escape(dbxref_url(m.group(2), m.group(3)))}">'
            f"{m.group(2)}:{m.group(3)}</a>{m.group(4)}"
        ),
        html,
    )
    link = lambda m: f'{m.group(1)}<a href="{_record(m.group(2))}">{m.group(2)}</a>{m.group(3)}'  # noqa: E731
    html = _PROTEIN_ID.sub(link, html)
    html = _CODED_BY.sub(link, html)
    html = _HEADER_ACC.sub(lambda m: f'{m.group(1)}<a href="{_record(m.group(2))}">{m.group(2)}</a>', html)
    html = _COMMENT_ACC.sub(lambda m: f'{m.group(1)}<a href="{_record(m.group(2))}">{m.group(2)}</a>', html)
    search = reverse("records:search")
    html = _BIOPROJECT.sub(
        lambda m: f'{m.group(1)}<a href="{search}?q={quote(m.group(2))}%5Bbioproject%5D">{m.group(2)}</a>',
        html,
    )
    return mark_safe(html)


def fasta_text(header: str, residues: str, width: int = 70) -> str:
    lines = [f">{header}"] + [residues[i : i + width] for i in range(0, len(residues), width)]
    return "\n".join(lines) + "\n"
