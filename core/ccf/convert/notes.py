"""Conversion notes and rejections: how a converter says what it repaired, approximated or refused."""

from __future__ import annotations

from dataclasses import dataclass, field

from core.ccf.model import ConversionNote


class ProductRejected(Exception):
    """The product cannot become a CCF record; it becomes an ingest error (the others go on)."""

    def __init__(self, message: str, rule_id: str | None = None, product_key: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.rule_id = rule_id
        self.product_key = product_key


@dataclass
class Notes:
    """Collects the notes of one product's conversion, in the order they were made."""

    items: list[ConversionNote] = field(default_factory=list)

    def add(self, rule_id: str, field_name: str, raw: object, action: str, message: str) -> None:
        self.items.append(
            ConversionNote.model_validate(
                {
                    "rule_id": rule_id,
                    "field": field_name,
                    "raw_value": None if raw is None else str(raw)[:500],
                    "action": action,
                    "message": message,
                }
            )
        )

    def repaired(self, rule_id: str, field_name: str, raw: object, message: str) -> None:
        self.add(rule_id, field_name, raw, "repaired", message)

    def approximated(self, rule_id: str, field_name: str, raw: object, message: str) -> None:
        self.add(rule_id, field_name, raw, "approximated", message)

    def dropped(self, rule_id: str, field_name: str, raw: object, message: str) -> None:
        self.add(rule_id, field_name, raw, "dropped", message)

    def uninterpretable(self, rule_id: str, field_name: str, raw: object, message: str) -> None:
        self.add(rule_id, field_name, raw, "uninterpretable", message)
