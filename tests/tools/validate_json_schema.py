#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Validates a JSON document against one of the official schemas in tests/fixtures/schemas, with
Debian's python3-jsonschema (run it with /usr/bin/python3).

  validate_json_schema.py SCHEMA.json DOCUMENT.json

Exit 0 when the document is valid; else 1, with every error (path and message) on stderr.
The CycloneDX schema's references to spdx.schema.json and jsf-0.82.schema.json are served from
the same directory, never fetched."""
import json
import os
import sys
import warnings

import jsonschema


def main():
    schema_path, document_path = sys.argv[1], sys.argv[2]
    here = os.path.dirname(os.path.abspath(schema_path))
    with open(schema_path, encoding="utf-8") as f:
        schema = json.load(f)
    with open(document_path, encoding="utf-8") as f:
        document = json.load(f)
    store = {}
    for name in os.listdir(here):
        if name.endswith(".json"):
            with open(os.path.join(here, name), encoding="utf-8") as f:
                other = json.load(f)
            for key in ("$id", "id"):
                if isinstance(other.get(key), str):
                    store[other[key]] = other
            store["http://cyclonedx.org/schema/" + name] = other
    cls = jsonschema.validators.validator_for(schema)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # RefResolver: the API Debian 12's 4.10 has
        resolver = jsonschema.RefResolver.from_schema(schema, store=store)
        validator = cls(schema, resolver=resolver)
        errors = sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path))
    for e in errors:
        path = "/".join(str(p) for p in e.absolute_path)
        print(f"{document_path}: /{path}: {e.message[:300]}", file=sys.stderr)
    if errors:
        return 1
    print(f"{document_path}: valid ({os.path.basename(schema_path)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
