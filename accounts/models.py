"""Portal accounts. A custom user model from day one, because swapping it later means rewriting history."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models


class User(AbstractUser):
    email = models.EmailField("e-mail address", unique=True)

    @property
    def is_curator(self) -> bool:
        return self.is_superuser or self.groups.filter(name=CURATORS).exists()


SUBMITTERS = "Submitters"
CURATORS = "Curators"


def request_user(request: object) -> User:
    """The signed-in user of a request whose view already required authentication."""
    user = getattr(request, "user", None)
    if not isinstance(user, User):
        raise TypeError("request_user() needs a view that requires a signed-in user")
    return user
