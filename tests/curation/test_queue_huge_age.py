"""Found by the API fuzzing (tests/portal/test_api_fuzz.py): a huge older_than_days overflowed a date (500)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.models import User
from tests.fixtures.users import api_client_for

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("days", ["32146773171", "9" * 40, "36500"])
def test_a_huge_age_filter_is_older_than_everything(curator: User, days: str) -> None:
    response = api_client_for(curator).get(reverse("api-review-queue"), {"older_than_days": days})
    assert response.status_code == 200, response.content
    assert response.json()["count"] == 0
