"""Find files of a bucket-shaped atlas folder through its newest release manifest, as
abc_atlas_access does (the manifest's relative_path under the atlas root)."""
from __future__ import annotations

import json
from pathlib import Path


def latest_manifest(atlas: Path) -> dict:
    manifests = sorted((atlas / "releases").glob("*/manifest.json"))
    if not manifests:
        raise SystemExit(f"{atlas}: no releases/<version>/manifest.json")
    return json.loads(manifests[-1].read_text())


def metadata_path(atlas: Path, directory: str, name: str) -> Path:
    manifest = latest_manifest(atlas)
    try:
        entry = manifest["file_listing"][directory]["metadata"][name]["files"]["csv"]
    except KeyError:
        raise SystemExit(f"{atlas}: release {manifest['version']} lists no metadata {directory}/{name}")
    return atlas / entry["relative_path"]


def matrix_paths(atlas: Path, kind: str = "raw") -> dict[str, Path]:
    """feature_matrix_label -> h5ad path, for every expression matrix in the manifest."""
    out = {}
    for listing in latest_manifest(atlas)["file_listing"].values():
        for tag, kinds in listing.get("expression_matrices", {}).items():
            if kind in kinds:
                out[tag] = atlas / kinds[kind]["files"]["h5ad"]["relative_path"]
    return out
