#!/usr/bin/env python3
"""Where a run's time on the simulated bucket went: its requests (the server's log lines for that
run) by kind, with their bytes, how long they took, the span of time in which they ran, and how
many were in flight on average over it.

    .venv/bin/python Benchmarks/remote/requests.py ATLAS RUN.jsonl

Kinds: `rows`, a range inside a matrix's X/data or X/indices storage (the selected rows' values
and column indices); `structure`, any other range of a matrix (HDF5 metadata, obs, var, indptr);
`whole`, a matrix fetched without a range; `other`, the manifest, the listing and the metadata
tables.
"""
from __future__ import annotations

import bisect
import json
import sys
from pathlib import Path

import h5py


def entry_storage(path: Path) -> list[tuple[int, int]]:
    """The byte extents of X/data and X/indices: the contiguous storage, or every chunk."""
    with h5py.File(path, "r") as f:
        out = []
        for name in ["X/data", "X/indices"]:
            dataset = f[name].id
            if dataset.get_offset() is not None:
                out.append((dataset.get_offset(), dataset.get_offset() + dataset.get_storage_size()))
            elif f[name].chunks:
                for i in range(dataset.get_num_chunks()):
                    chunk = dataset.get_chunk_info(i)
                    out.append((chunk.byte_offset, chunk.byte_offset + chunk.size))
        out.sort()
        return out


def kind(request: dict, atlas: Path, storage: dict) -> str:
    key = request["key"]
    if not key.startswith("expression_matrices/"):
        return "other"
    if not request.get("range"):
        return "whole"
    if key not in storage:
        storage[key] = entry_storage(atlas / key)
    first = int(request["range"].split("=", 1)[1].split("-")[0])
    extents = storage[key]
    i = bisect.bisect_right(extents, (first, float("inf"))) - 1
    return "rows" if i >= 0 and extents[i][0] <= first < extents[i][1] else "structure"


def main() -> None:
    atlas, log = Path(sys.argv[1]), Path(sys.argv[2])
    requests = [json.loads(line) for line in log.read_text().splitlines() if line.strip()]
    if not requests:
        print("no requests")
        return
    storage: dict = {}
    began = min(r["arrived"] for r in requests)
    ended = max(r["ended"] for r in requests)
    print(f"{len(requests):,} requests over {ended - began:.2f} s (first arrival to last answer)")
    print(f"{'kind':<11}{'requests':>9}{'MB':>9}{'busy s':>9}{'from s':>8}{'to s':>8}{'in flight':>11}{'ms each':>9}")
    groups: dict[str, list] = {}
    for request in requests:
        groups.setdefault(kind(request, atlas, storage), []).append(request)
    for name in ["other", "whole", "structure", "rows"]:
        group = groups.get(name)
        if not group:
            continue
        busy = sum(r["ended"] - r["arrived"] for r in group)
        start, end = min(r["arrived"] for r in group), max(r["ended"] for r in group)
        print(f"{name:<11}{len(group):>9,}{sum(r['bytes'] for r in group) / 1e6:>9.1f}{busy:>9.2f}{start - began:>8.2f}"
              f"{end - began:>8.2f}{busy / max(end - start, 1e-9):>11.1f}{1000 * busy / len(group):>9.1f}")


if __name__ == "__main__":
    main()
