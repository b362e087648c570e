"""Developer helper: merge translations from a JSON file {msgid: msgstr} into a locale's catalogue.

Usage: python scripts/fill_translations.py vi new-strings.json
Existing translations are kept unless the JSON gives a new one.
"""

import json
import sys

from babel.messages.pofile import read_po, write_po

PO = "casework/translations/{locale}/LC_MESSAGES/messages.po"


def main(locale: str, mapping_path: str) -> int:
    with open(mapping_path, encoding="utf-8") as fh:
        mapping = json.load(fh)
    path = PO.format(locale=locale)
    with open(path, "rb") as fh:
        catalog = read_po(fh, locale=locale)
    missing = []
    for message in catalog:
        if not message.id:
            continue
        key = message.id if isinstance(message.id, str) else message.id[0]
        if key in mapping:
            message.string = mapping[key]
            message.flags.discard("fuzzy")
        elif not message.string:
            missing.append(key)
    with open(path, "wb") as fh:
        write_po(fh, catalog, width=0, omit_header=False, sort_output=True, no_location=True)
    for key in missing:
        print(f"untranslated: {key}")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
