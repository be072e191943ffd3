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
