from typing import Any

from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "Portal"

    def ready(self) -> None:
        from portal import checks  # noqa: F401  (registers the system checks)

        _choices_named_in_errors()


def _choices_named_in_errors() -> None:
    """A bad choice in any API input says which values are valid (DRF's message names only the bad one).

    Done once here rather than in each of the apps' serializers, so no ChoiceField can forget it.
    """
    from rest_framework import serializers

    original = serializers.ChoiceField.to_internal_value
    if getattr(original, "_names_choices", False):
        return

    def to_internal_value(self: serializers.ChoiceField, data: Any) -> Any:
        try:
            return original(self, data)
        except serializers.ValidationError as exc:
            valid = ", ".join(str(k) for k in self.choices)
            raise serializers.ValidationError(
                f'"{data}" is not a valid choice; choose one of: {valid}.', code="invalid_choice"
            ) from exc

    to_internal_value._names_choices = True  # type: ignore[attr-defined]
    serializers.ChoiceField.to_internal_value = to_internal_value  # type: ignore[method-assign,assignment]
