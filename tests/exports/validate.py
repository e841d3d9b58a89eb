"""Validates a `provenance export` document with its format's official library (offline).

Usage: validate.py spdx3|cyclonedx|prov FILE [--expect-models N] [--expect-datasets N]

* spdx3: the SPDX project's `spdx-python-model` (3.0.1 bindings) deserializes the JSON-LD and
  serializes it again, which enforces every required property, cardinality and value set; the
  round trip must keep every object. (`spdx3-validate` would fetch its context from spdx.org.)
* cyclonedx: `cyclonedx-python-lib`'s strict JSON validator for CycloneDX 1.6.
* prov: the `prov` package deserializes PROV-JSON into a ProvDocument (its warnings about what
  it will reject next are errors here) and renders it as PROV-N.

Prints a one-line summary; exits 1 with the library's message when the document is refused.
"""
import argparse
import io
import json
import sys


def spdx3(data, args):
    import spdx_python_model

    model, objset = spdx_python_model.load_data(data)
    out = io.BytesIO()
    model.JSONLDSerializer().write(objset, out)
    again = json.loads(out.getvalue())
    # Blank nodes (`_:…`) may be renamed by the serializer; every named object must survive.
    named = lambda graph: {o.get("spdxId") or o.get("@id") for o in graph} - {None}
    before = {i for i in named(data["@graph"]) if not i.startswith("_:")}
    after = {i for i in named(again["@graph"]) if not i.startswith("_:")}
    if before != after:
        raise ValueError(f"the round trip lost or added objects: {sorted(before ^ after)}")
    types = [type(o).__name__ for o in objset.objects]
    models = types.count("ai_AIPackage")
    datasets = types.count("dataset_DatasetPackage")
    relationships = [o for o in objset.objects if type(o).__name__ == "Relationship"]
    kinds = sorted({str(r.relationshipType).rsplit("/", 1)[-1] for r in relationships})
    print(f"spdx3 ok: {len(types)} objects, {models} AI packages, {datasets} dataset packages, relationships {kinds}")
    return models, datasets


def cyclonedx(data, args):
    from cyclonedx.schema import SchemaVersion
    from cyclonedx.validation.json import JsonStrictValidator

    errors = JsonStrictValidator(SchemaVersion.V1_6).validate_str(json.dumps(data))
    if errors is not None:
        raise ValueError(str(errors))
    comps = data.get("components", [])
    models = sum(1 for c in comps if c["type"] == "machine-learning-model")
    datasets = sum(1 for c in comps if c["type"] == "data")
    print(f"cyclonedx ok: CycloneDX {data['specVersion']}, {models} models, {datasets} datasets, {len(data.get('dependencies', []))} dependency entries")
    return models, datasets


def prov(data, args):
    import warnings

    from prov.model import ProvDocument

    # The library warns about what its next release will reject (undeclared prefixes, …): strict.
    warnings.simplefilter("error")
    doc = ProvDocument.deserialize(content=json.dumps(data), format="json")
    provn = doc.get_provn()
    records = doc.get_records()
    entities = [r for r in records if r.get_type().localpart == "Entity"]
    types = [str(v) for r in entities for (k, v) in r.attributes if str(k) == "prov:type"]
    models = sum(1 for t in types if t.endswith("Model"))
    datasets = sum(1 for t in types if t.endswith("Dataset"))
    derived = sum(1 for r in records if r.get_type().localpart == "Derivation")
    if "wasDerivedFrom" in data and derived == 0:
        raise ValueError("no derivation survived parsing")
    print(f"prov ok: {len(records)} records, {models} model entities, {datasets} dataset entities, {derived} derivations, PROV-N {len(provn)} chars")
    return models, datasets


def main():
    p = argparse.ArgumentParser()
    p.add_argument("format", choices=["spdx3", "cyclonedx", "prov"])
    p.add_argument("file")
    p.add_argument("--expect-models", type=int)
    p.add_argument("--expect-datasets", type=int)
    args = p.parse_args()
    with open(args.file) as f:
        data = json.load(f)
    try:
        models, datasets = {"spdx3": spdx3, "cyclonedx": cyclonedx, "prov": prov}[args.format](data, args)
    except Exception as e:  # the library's own message is the answer
        print(f"{args.format} REFUSED: {type(e).__name__}: {e}", file=sys.stderr)
        sys.exit(1)
    if args.expect_models is not None and models != args.expect_models:
        print(f"expected {args.expect_models} models, found {models}", file=sys.stderr)
        sys.exit(1)
    if args.expect_datasets is not None and datasets != args.expect_datasets:
        print(f"expected {args.expect_datasets} datasets, found {datasets}", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
