"""The one route that is not public: promotion to reference records, for curators only (web and API)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from accounts.models import User
from records.models import RecordKind, RecordType
from records.selectors import public_records
from submissions.models import Submission
from tests.fixtures.users import api_client_for, web_client_for

pytestmark = pytest.mark.django_db(transaction=True)


def test_only_curators_promote(
    released_genome: Callable[..., Submission], personas: dict[str, User | None]
) -> None:
    submission = released_genome()
    record = public_records().filter(submission=submission, kind=RecordKind.NUCLEOTIDE).first()
    assert record is not None
    web_expected = {"submitter": 403, "other_submitter": 403, "anonymous": 302}
    api_expected = {"submitter": 403, "other_submitter": 403, "anonymous": 401}
    for who, code in web_expected.items():
        response = web_client_for(personas[who]).post(
            f"/records/{record.accession_version}/promote", {"review_status": "REVIEWED"}
        )
        assert response.status_code == code, who
        api = api_client_for(personas[who]).post(
            f"/api/v1/records/{record.accession_version}/promote/",
            {"review_status": "REVIEWED"},
            format="json",
        )
        assert api.status_code == api_expected[who], (who, api.content)
        assert set(api.json()) >= {"code", "message"}
    assert not public_records().filter(record_type=RecordType.REFERENCE).exists()
    made = api_client_for(personas["curator"]).post(
        f"/api/v1/records/{record.accession_version}/promote/", {"review_status": "REVIEWED"}, format="json"
    )
    assert made.status_code == 201 and made.json()["created"][0]["accession"].startswith("NW_")
    again = web_client_for(personas["curator"]).post(
        f"/records/{record.accession_version}/promote", {"review_status": "REVIEWED"}
    )
    assert again.status_code == 302  # back to the record, with the "already has reference records" message
