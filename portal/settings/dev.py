"""Local development and the README's run command: debug on, e-mail to the console."""

from portal.env import env_bool
from portal.settings.base import *  # noqa: F403

DEBUG = env_bool("DJANGO_DEBUG", True)
