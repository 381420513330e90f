"""Marking texts for Qt's translation tools where they are declared away from the screen (column headings)."""

from __future__ import annotations

from collections.abc import Mapping


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802  (the name pyside6-lupdate looks for)
    """Marks text for translation in context; it is translated where it is shown (QCoreApplication.translate).
    Qt's own QT_TRANSLATE_NOOP is typed as returning object, which a tuple of headings cannot be."""
    return text


def shown_label(labels: Mapping[str, str], key: str, context: str = "Labels") -> str:
    """The translated label of a stored key (marked with QT_TRANSLATE_NOOP in context), or the key itself."""
    from PySide6.QtCore import QCoreApplication

    label = labels.get(key)
    return QCoreApplication.translate(context, label) if label else key
