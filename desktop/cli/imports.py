"""import-sample and import-grades: how the file is read (sheet, header row, encoding, delimiter), which column is
which field, what the force's words mean, and the warnings the user accepts before anything is written."""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.cli.base import EXIT_BAD_INPUT, EXIT_OK, Cli
from models.errors import EncodingNotConfirmed, FieldworkError, ImportRejected
from models.files import write_atomically

if TYPE_CHECKING:
    from models.inspection.mappings import ImportMapping

DELIMITER_WORDS = {"tab": "\t", "\\t": "\t", "comma": ",", "semicolon": ";", "pipe": "|"}


def import_arguments(cmd: argparse.ArgumentParser) -> None:
    cmd.add_argument("file", type=Path)
    cmd.add_argument("source", type=Path)
    reading = cmd.add_argument_group("reading the file (detected and shown when not given)")
    reading.add_argument("--sheet", metavar="NAME|N", help="the worksheet to read, by name or number (1 = first)")
    reading.add_argument("--header-row", type=_row_number, metavar="N", help="the row holding the column names")
    reading.add_argument("--encoding", metavar="ENC", help="a text file's encoding, e.g. cp1252 (confirms the one "
                                                           "detected)")
    reading.add_argument("--delimiter", type=_delimiter, metavar="D", help="a text file's separator: ',' ';' tab")
    reading.add_argument("--include-hidden", action="store_true", help="import rows hidden in Excel too")
    mapping = cmd.add_argument_group("matching columns and values")
    mapping.add_argument("--map", action="append", default=[], metavar="FIELD=HEADER", type=_pair,
                         help='the file\'s column for a field, e.g. case_ref="Force reference" (repeatable)')
    mapping.add_argument("--map-value", action="append", default=[], metavar="FIELD:FROM=TO", type=_value_pair,
                         help='what a force\'s word means, e.g. sample:Yes=self-assessed (repeatable)')
    mapping.add_argument("--mapping", type=Path, metavar="FILE", help="a saved mapping (TOML) to apply first")
    mapping.add_argument("--save-mapping", type=Path, metavar="FILE",
                         help="write the mapping used (columns, values, reading) for the force's next file")
    cmd.add_argument("--accept-warnings", action="store_true",
                     help="import although the file has warnings (they are listed and kept in the audit log)")


def _row_number(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"'{text}' is not a row number (1 or more)")
    return int(text)


def _delimiter(text: str) -> str:
    value = DELIMITER_WORDS.get(text.casefold(), text)
    if len(value) != 1:
        raise argparse.ArgumentTypeError(f"'{text}' is not one character; give ',' ';' or tab")
    return value


def _pair(text: str) -> tuple[str, str]:
    name, sep, header = text.partition("=")
    if not sep or not name.strip() or not header.strip():
        raise argparse.ArgumentTypeError(f"'{text}' is not FIELD=HEADER, e.g. case_ref=\"Force reference\"")
    return name.strip(), header.strip()


def _value_pair(text: str) -> tuple[str, str, str]:
    name, sep, rest = text.partition(":")
    source, eq, target = rest.partition("=")
    if not sep or not eq or not name.strip() or not target.strip():
        raise argparse.ArgumentTypeError(f"'{text}' is not FIELD:FROM=TO, e.g. sample:Yes=self-assessed")
    return name.strip(), source.strip(), target.strip()


def _mapping(cli: Cli) -> ImportMapping:
    """The mapping file (if any), then each flag on top of it."""
    from models.inspection.mappings import ImportMapping, load_mapping
    from models.inspection.tabular import ReadOptions

    args = cli.args
    base = load_mapping(args.mapping) if args.mapping else ImportMapping()
    values: dict[str, dict[str, str]] = {}
    for name, source, target in args.map_value:
        values.setdefault(name, {})[source] = target
    flags = ImportMapping(dict(args.map), values,
                          ReadOptions(args.sheet, args.header_row, args.encoding, args.delimiter, args.include_hidden))
    return flags.over(base)


def _run_import(cli: Cli, grades: bool) -> int:
    from models.inspection.mappings import mapping_text

    args = cli.args
    plan = _mapping(cli)
    columns: dict[str, str | None] = dict(plan.columns)
    with cli.open(args.file) as service:
        preview_file = service.preview_gradings if grades else service.preview_sample
        try:
            preview = preview_file(args.source, columns, values=plan.values, options=plan.reading)
        except EncodingNotConfirmed as error:
            hint = f" (--encoding {error.detected})" if error.detected else ""
            raise FieldworkError(f"{error.describe().rstrip('.')}{hint}.") from None
        reading = preview.reading
        how = [f"sheet '{reading.sheet}'" if reading.sheet is not None else None,
               f"header row {reading.header_row}",
               f"encoding {reading.encoding}" if reading.encoding else None,
               f"columns separated by {reading.delimiter_name()}" if reading.delimiter else None]
        if reading.notes:  # a plain file read as expected needs no words; anything detected or chosen is said
            print(f"Reading {args.source.name}: {', '.join(h for h in how if h)}.")
            for note in reading.notes:
                print(f"  {note}")
        if preview.problems:
            raise ImportRejected(preview.problems)
        for warning in preview.warnings:
            print(f"warning: {warning.describe()}", file=sys.stderr)
        if preview.warnings and not args.accept_warnings:
            print(f"{len(preview.warnings)} warning(s): nothing was imported. Check each one; to import anyway, run "
                  "again with --accept-warnings (they are kept in the audit log).", file=sys.stderr)
            return EXIT_BAD_INPUT
        accepted = [w.describe() for w in preview.warnings]
        run = service.import_gradings if grades else service.import_sample
        summary = run(args.source, columns, values=plan.values, options=plan.reading, accepted=accepted)
    if args.save_mapping:
        # the columns as matched (named or recognised), so the next file is read the same way
        matched = {k: v for k, v in preview.mapping.items() if v}
        write_atomically(args.save_mapping, mapping_text(replace(plan, columns=matched)))
        print(f"Mapping saved to {args.save_mapping}.")
    if accepted:
        print(f"{len(accepted)} warning(s) accepted.")
    if grades:
        unreferred = summary.unreferred_concerns
        concerns = f"; {unreferred} serious concern(s) recorded without a referral" if unreferred else ""
        print(f"Imported gradings from {summary.file}: {summary.added} new, {summary.updated} updated, "
              f"{summary.referrals_raised} referral(s) raised{concerns}.")
    else:
        print(f"Imported {summary.added} cases from {summary.file}.")
    return EXIT_OK


def cmd_import_sample(cli: Cli) -> int:
    return _run_import(cli, grades=False)


def cmd_import_grades(cli: Cli) -> int:
    return _run_import(cli, grades=True)
