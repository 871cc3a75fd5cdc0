#!/usr/bin/env python3
"""Generate the bundled demo atlas: a miniature of the Allen Brain Cell Atlas bucket.

Layout, manifests, metadata columns and h5ad encodings follow the public bucket
(https://allen-brain-cell-atlas.s3.us-west-2.amazonaws.com/); only the sizes are small.
Deterministic: the same seed writes byte-identical files.

    .venv/bin/python reports/demo-atlas/generate.py            # rewrites reports/demo-atlas/
    .venv/bin/python reports/demo-atlas/generate.py --out DIR  # elsewhere

The functions here are also used by Benchmarks/expression/make_atlas.py, which writes the
full-size synthetic atlas with the same layout.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import sys
import uuid
from dataclasses import dataclass, replace
from pathlib import Path

import anndata
import h5py
import numpy as np
import pandas as pd
import scipy.sparse as sp

BUCKET_URL = "https://allen-brain-cell-atlas.s3.us-west-2.amazonaws.com/"
RESOURCE_URI = "s3://allen-brain-cell-atlas/"

# The 24 WMB expression packages, with the cells per package in the real cell_metadata
# (release 20240330); synthetic atlases split their cells in these proportions.
MATRICES: list[tuple[str, str, int]] = [
    ("WMB-10Xv2", "Isocortex-1", 248_776),
    ("WMB-10Xv2", "Isocortex-2", 249_360),
    ("WMB-10Xv2", "Isocortex-3", 249_356),
    ("WMB-10Xv2", "Isocortex-4", 248_784),
    ("WMB-10Xv2", "HPF", 207_281),
    ("WMB-10Xv2", "OLF", 192_182),
    ("WMB-10Xv2", "TH", 130_555),
    ("WMB-10Xv2", "HY", 99_879),
    ("WMB-10Xv2", "CTXsp", 43_985),
    ("WMB-10Xv2", "MB", 29_781),
    ("WMB-10Xv3", "MB", 337_101),
    ("WMB-10Xv3", "STR", 283_782),
    ("WMB-10Xv3", "Isocortex-1", 227_670),
    ("WMB-10Xv3", "Isocortex-2", 227_537),
    ("WMB-10Xv3", "MY", 191_746),
    ("WMB-10Xv3", "CB", 181_723),
    ("WMB-10Xv3", "HPF", 181_055),
    ("WMB-10Xv3", "HY", 162_296),
    ("WMB-10Xv3", "P", 143_157),
    ("WMB-10Xv3", "TH", 130_454),
    ("WMB-10Xv3", "PAL", 108_046),
    ("WMB-10Xv3", "OLF", 88_560),
    ("WMB-10Xv3", "CTXsp", 78_223),
    ("WMB-10XMulti", "", 1_687),
]
METHOD = {"WMB-10Xv2": "10Xv2", "WMB-10Xv3": "10Xv3", "WMB-10XMulti": "10xRSeq_Mult"}
REGION_ROIS = {
    "Isocortex": ["MOp", "SSp", "VIS", "ACA", "AUD-TEa-PERI-ECT", "RSP", "AI", "MO-FRP"],
    "HPF": ["HIP", "RHP"], "OLF": ["OLF", "AOB"], "TH": ["TH"], "HY": ["HY", "ZI"],
    "CTXsp": ["CTXsp"], "MB": ["MB", "SCs"], "STR": ["STRd", "STRv"], "MY": ["MY"],
    "CB": ["CB"], "P": ["P"], "PAL": ["PAL"],
}
CELL_METADATA_COLUMNS = [
    "cell_label", "cell_barcode", "barcoded_cell_sample_label", "library_label",
    "feature_matrix_label", "entity", "brain_section_label", "library_method",
    "region_of_interest_acronym", "donor_label", "donor_genotype", "donor_sex",
    "dataset_label", "x", "y", "cluster_alias", "abc_sample_id",
]
GENOTYPES = [
    ("wt/wt", "C57BL6J"),
    ("Ai14(RCL-tdT)/wt", "Snap25-IRES2-Cre;Ai14"),
    ("Snap25-IRES2-Cre/wt;Ai14(RCL-tdT)/wt", "Snap25-IRES2-Cre;Ai14"),
    ("Slc32a1-IRES-Cre/wt;Ai14(RCL-tdT)/wt", "Slc32a1-IRES-Cre;Ai14"),
    ("Slc17a7-IRES2-Cre/wt;Ai14(RCL-tdT)/wt", "Slc17a7-IRES2-Cre;Ai14"),
]
KNOWN_GENES = [
    ("Xkr4", "X-linked Kx blood group related 4", "497097"),
    ("Snap25", "synaptosome associated protein 25", "20614"),
    ("Slc17a7", "solute carrier family 17, member 7", "72961"),
    ("Slc17a6", "solute carrier family 17, member 6", "140919"),
    ("Gad1", "glutamate decarboxylase 1", "14415"),
    ("Gad2", "glutamic acid decarboxylase 2", "14417"),
    ("Slc32a1", "solute carrier family 32, member 1", "22348"),
    ("Olig2", "oligodendrocyte transcription factor 2", "50913"),
    ("Mbp", "myelin basic protein", "17196"),
    ("Plp1", "proteolipid protein (myelin) 1", "18823"),
    ("Aqp4", "aquaporin 4", "11829"),
    ("Gfap", "glial fibrillary acidic protein", "14580"),
    ("Pdgfra", "platelet derived growth factor receptor, alpha", "18595"),
    ("Cx3cr1", "chemokine (C-X3-C motif) receptor 1", "13051"),
    ("Cldn5", "claudin 5", "12741"),
    ("Sst", "somatostatin", "20604"),
    ("Pvalb", "parvalbumin", "19293"),
    ("Vip", "vasoactive intestinal polypeptide", "22353"),
    ("Lamp5", "lysosomal-associated membrane protein family, member 5", "320757"),
    ("Th", "tyrosine hydroxylase", "21823"),
    ("Slc6a3", "solute carrier family 6, member 3", "13162"),
    ("Tph2", "tryptophan hydroxylase 2", "216343"),
    ("Chat", "choline O-acetyltransferase", "12647"),
    ("Hdc", "histidine decarboxylase", "15186"),
    ("Dbh", "dopamine beta hydroxylase", "13166"),
    ("Slc6a5", "solute carrier family 6, member 5", "104245"),
    ("Drd1", "dopamine receptor D1", "13488"),
    ("Drd2", "dopamine receptor D2", "13489"),
    ("Penk", "preproenkephalin", "18619"),
    ("Tac1", "tachykinin 1", "21333"),
    ("Cux2", "cut-like homeobox 2", "13048"),
    ("Rorb", "RAR-related orphan receptor beta", "225998"),
    ("Fezf2", "Fez family zinc finger 2", "54713"),
    ("Foxp2", "forkhead box P2", "114142"),
    ("Prox1", "prospero homeobox 1", "19130"),
    ("Gabra6", "gamma-aminobutyric acid type A receptor subunit alpha 6", "14399"),
    ("Pcp2", "Purkinje cell protein 2 (L7)", "18545"),
    ("Hoxb5", "homeobox B5", "15413"),
    ("Meis2", "Meis homeobox 2", "17536"),
    ("Tfap2b", "transcription factor AP-2 beta", "21419"),
    ("Slc17a8", "solute carrier family 17, member 8", "216227"),
    ("Slc18a3", "solute carrier family 18 (vesicular monoamine), member 3", "20510"),
    ("Slc6a4", "solute carrier family 6, member 4", "15567"),
    ("Slc6a2", "solute carrier family 6, member 2", "20538"),
    ("Tac2", "tachykinin 2", "21334"),
]
# Genes every cell of a neurotransmitter expresses (most cells: see NT_MARKER_SHARE), so that
# the tutorials' heatmaps of transporter genes by neurotransmitter show the real pattern.
NT_MARKERS = {
    "Glut": ["Slc17a7", "Slc17a6"], "GABA": ["Slc32a1", "Gad1", "Gad2"], "Glyc": ["Slc6a5"],
    "Dopa": ["Slc6a3", "Th"], "Sero": ["Slc6a4", "Tph2"], "Chol": ["Slc18a3", "Chat"],
    "Nora": ["Slc6a2", "Dbh"], "Hist": ["Hdc"],
}
NT_MARKER_SHARE = 0.85
# Tac2 in a few subclasses (share of their cells), as in the real hypothalamus, habenula and striatum.
TAC2_SUBCLASSES = {"ARH-PVp Tbx3 Gaba": 0.9, "TH Prkcd Grin2c Glut": 0.6, "OT D3 Folh1 Gaba": 0.4, "DMH Hmx2 Gaba": 0.2}
# Taxonomy skeleton: class name, neurotransmitter of its clusters ("" for non-neuronal), and
# stems for its subclasses.
CLASSES = [
    ("01 IT-ET Glut", "Glut", ["L2/3 IT CTX", "L4/5 IT CTX", "L5 ET CTX", "L6 IT CTX", "L2 IT PPP-APr"]),
    ("02 NP-CT-L6b Glut", "Glut", ["L5 NP CTX", "L6 CT CTX", "L6b CTX"]),
    ("03 OB-CR Glut", "Glut", ["OB Eomes Ms4a15", "CR"]),
    ("04 DG-IMN Glut", "Glut", ["DG Glut", "DG-PIR Ex IMN"]),
    ("06 CTX-CGE GABA", "GABA", ["Vip Gaba", "Lamp5 Gaba", "Sncg Gaba"]),
    ("07 CTX-MGE GABA", "GABA", ["Pvalb Gaba", "Sst Gaba", "Sst Chodl Gaba"]),
    ("09 CNU-LGE GABA", "GABA", ["STR D1 Gaba", "STR D2 Gaba", "OT D3 Folh1 Gaba"]),
    ("12 HY GABA", "GABA", ["ARH-PVp Tbx3 Gaba", "DMH Hmx2 Gaba"]),
    ("14 HY Glut", "Glut", ["PVH Ptf1a Glut", "VMH Fezf1 Glut"]),
    ("18 TH Glut", "Glut", ["TH Prkcd Grin2c Glut", "LGv-SPFp-SPFm Nkx2-2 Tcf7l2 Gaba"]),
    ("22 MB-HB Sero", "Sero", ["DR Sero", "CS-PRNc Sero"]),
    ("21 MB Dopa", "Dopa", ["SNc-VTA-RAmb Foxa1 Dopa"]),
    ("29 CB Glut", "Glut", ["CB Granule Glut", "CB PLI Gly-Gaba"]),
    ("27 MY GABA", "GABA-Glyc", ["MY Lhx1 Gly-Gaba", "NTS Dbh Glut"]),
    ("30 Astro-Epen", "", ["Astro-TE NN", "Astro-NT NN", "Ependymal NN"]),
    ("31 OPC-Oligo", "", ["OPC NN", "Oligo NN"]),
    ("33 Vascular", "", ["Endo NN", "Peri NN", "VLMC NN"]),
    ("34 Immune", "", ["Microglia NN", "BAM NN"]),
]
# A few clusters in each neuronal class carry a co-transmitter label, as in the real taxonomy.
CO_TRANSMITTERS = ["Glut-GABA", "Chol", "Nora", "Hist", "Glut-Chol"]


@dataclass
class AtlasSpec:
    """Everything that shapes one synthetic atlas."""
    n_cells: int                      # cells in cell_metadata.csv
    n_genes: int
    nnz_per_cell: float               # mean nonzeros per cell
    small_clusters: int               # clusters of 1..49 cells
    large_clusters: int
    large_range: tuple[int, int]
    medium_extra: float               # medium clusters have 50 + ~this many cells
    min_cells_per_matrix: int
    extra_cells_max: int              # cells per matrix present in the h5ad but not in the metadata
    compression: str | None
    seed: int
    releases: list[tuple[str, str]]   # (release, WMB-taxonomy version)
    metadata_version: str = "20250531"
    markers: bool = True              # cluster marker genes (skipped for speed in the benchmark)
    log2: bool = False                # a log2(CPM + 1) matrix beside each raw one
    log2_named_genes: bool = False    # log2 twins: only the genes with real symbols (KNOWN_GENES), no cell_barcode
    compact: bool = False             # HDF5 1.10's file format, small metadata blocks (smaller files)


@dataclass
class Taxonomy:
    aliases: np.ndarray
    sizes: np.ndarray
    pivoted: pd.DataFrame
    colors: pd.DataFrame
    centers: np.ndarray               # per cluster (index as sizes): its island's centre in UMAP space
    shapes: np.ndarray                # per cluster: 2x2 matrix turning unit noise into its island's spread


def rng_for(spec: AtlasSpec, *key: int) -> np.random.Generator:
    """An independent, reproducible stream per component, so changing one part leaves others alone."""
    return np.random.default_rng([spec.seed, *key])


# ---------------------------------------------------------------- clusters and taxonomy

def cluster_sizes(spec: AtlasSpec) -> np.ndarray:
    rng = rng_for(spec, 1)
    small = np.clip(np.round(np.exp(rng.uniform(0, np.log(49), spec.small_clusters))), 1, 49).astype(np.int64)
    lo, hi = spec.large_range
    large = rng.integers(lo, hi + 1, spec.large_clusters)
    rest = spec.n_cells - small.sum() - large.sum()
    n_medium = max(1, int(rest // (50 + spec.medium_extra)))
    if rest < 50 * n_medium:
        raise ValueError(f"spec leaves {rest} cells for {n_medium} clusters of at least 50")
    weights = rng.lognormal(0.0, 0.8, n_medium)
    medium = 50 + rng.multinomial(rest - 50 * n_medium, weights / weights.sum())
    sizes = np.concatenate([small, medium, large])
    return sizes[rng.permutation(len(sizes))]


def color(rng: np.random.Generator) -> str:
    return "#" + "".join(f"{v:02X}" for v in rng.integers(0, 256, 3))


def hsv_hex(h: float, s: float, v: float) -> str:
    """An HSV colour (each 0..1, hue wrapping) as the taxonomy files write it, #RRGGBB."""
    h = (h % 1.0) * 6
    i, f = int(h), h - int(h)
    p, q, t = v * (1 - s), v * (1 - s * f), v * (1 - s * (1 - f))
    rgb = [(v, t, p), (q, v, p), (p, v, t), (p, q, v), (t, p, v), (v, p, q)][i % 6]
    return "#" + "".join(f"{int(round(c * 255)):02X}" for c in rgb)


# Neurotransmitter colours are fixed per term, as in the real taxonomy (synthetic values).
NT_COLORS = {
    "Glut": "#2B93DF", "GABA": "#FF3358", "Dopa": "#FCF04B", "Sero": "#533691", "Glut-GABA": "#0A9964",
    "Chol": "#73E785", "Nora": "#0E0E83", "Hist": "#9B29A3", "Glut-Chol": "#3B7EBA", "GABA-Glyc": "#BD5A2C",
    "": "#666666",
}


def taxonomy_colors(rows: list[tuple], rng: np.random.Generator) -> dict[str, str]:
    """Colours that look like the WMB taxonomy's: every class a hue of its own, its subclasses,
    supertypes and clusters shades around that hue, so a UMAP coloured at any level shows the
    same neighbourhoods."""
    classes = [c for c, _, _ in CLASSES]
    out = {f"nt:{k}": v for k, v in NT_COLORS.items()}
    for ci, cname in enumerate(classes):
        hue = (ci * 0.618034) % 1.0  # golden-ratio steps keep neighbouring numbers apart
        out[cname] = hsv_hex(hue, 0.75, 0.85)
        for _, _, _, subclass, supertype, cluster in (r for r in rows if r[2] == cname):
            if subclass not in out:
                out[subclass] = hsv_hex(hue + rng.uniform(-0.06, 0.06), rng.uniform(0.45, 0.95), rng.uniform(0.55, 0.95))
            if supertype not in out:
                out[supertype] = hsv_hex(hue + rng.uniform(-0.09, 0.09), rng.uniform(0.4, 1.0), rng.uniform(0.5, 1.0))
            out[cluster] = hsv_hex(hue + rng.uniform(-0.12, 0.12), rng.uniform(0.35, 1.0), rng.uniform(0.45, 1.0))
    return out


def umap_layout(rows: list[tuple], n: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Island centres and shapes per cluster, nested as a UMAP of the atlas looks: classes in
    regions of their own (non-neuronal classes apart), subclasses as islands within them,
    supertypes and clusters as lobes of those islands. Coordinates stay within about -15..24,
    inside the -18..27 limits notebook 1 plots."""
    centers, shapes = np.zeros((n, 2)), np.zeros((n, 2, 2))
    where: dict[str, np.ndarray] = {}
    neuronal = [c for c, nt, _ in CLASSES if nt]
    for ci, (cname, nt, _) in enumerate(CLASSES):
        if nt:
            angle = 2 * np.pi * neuronal.index(cname) / len(neuronal)
            where[cname] = np.array([2.0, 6.0]) + rng.uniform(7.5, 10.5) * np.array([np.cos(angle), np.sin(angle)])
        else:
            k = ci - len(neuronal)
            where[cname] = np.array([19.0, -10.0 + 9.0 * k]) + rng.normal(0, 0.6, 2)
    for m, _, cname, subclass, supertype, _cluster in rows:
        for parent, child, spread in ((cname, subclass, 2.2), (subclass, supertype, 0.9)):
            if child not in where:
                where[child] = where[parent] + rng.normal(0, spread, 2)
        centers[m] = where[supertype] + rng.normal(0, 0.35, 2)
        angle, long, short = rng.uniform(0, np.pi), rng.uniform(0.25, 0.55), rng.uniform(0.1, 0.25)
        rot = np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])
        shapes[m] = rot @ np.diag([long, short])
    return centers, shapes


def build_taxonomy(spec: AtlasSpec, sizes: np.ndarray) -> Taxonomy:
    rng = rng_for(spec, 2)
    n = len(sizes)
    aliases = np.sort(rng.choice(np.arange(1, 3 * n + 1), n, replace=False))
    rows, subclass_no, supertype_no = [], 0, 0
    class_of = rng.integers(0, len(CLASSES), n)
    # Group clusters by class, then subclass, then supertype, so numbering follows the hierarchy.
    order = np.argsort(class_of, kind="stable")
    cluster_no = 0
    for ci, (cname, nt, stems) in enumerate(CLASSES):
        members = [i for i in order if class_of[i] == ci]
        if not members:
            continue
        sub_of = rng.integers(0, len(stems), len(members))
        for si, stem in enumerate(stems):
            sub_members = [m for m, s in zip(members, sub_of) if s == si]
            if not sub_members:
                continue
            subclass_no += 1
            subclass = f"{subclass_no:03d} {stem}"
            n_super = max(1, len(sub_members) // 3)
            super_of = rng.integers(0, n_super, len(sub_members))
            for k in range(n_super):
                super_members = [m for m, s in zip(sub_members, super_of) if s == k]
                if not super_members:
                    continue
                supertype_no += 1
                supertype = f"{supertype_no:04d} {stem}_{k + 1}"
                for m in super_members:
                    cluster_no += 1
                    cnt = nt
                    if nt and rng.random() < 0.08:
                        cnt = CO_TRANSMITTERS[int(rng.integers(0, len(CO_TRANSMITTERS)))]
                    rows.append((m, cnt, cname, subclass, supertype, f"{cluster_no:04d} {stem}_{k + 1}"))
    term_colors = taxonomy_colors(rows, rng_for(spec, 8))
    rows.sort(key=lambda r: aliases[r[0]])
    pivoted = pd.DataFrame(
        [(int(aliases[m]), nt, c, s, st, cl) for m, nt, c, s, st, cl in rows],
        columns=["cluster_alias", "neurotransmitter", "class", "subclass", "supertype", "cluster"],
    )
    colors = pd.DataFrame({
        "cluster_alias": pivoted["cluster_alias"],
        "neurotransmitter_color": [term_colors[f"nt:{v}"] for v in pivoted["neurotransmitter"]],
        "class_color": [term_colors[v] for v in pivoted["class"]],
        "subclass_color": [term_colors[v] for v in pivoted["subclass"]],
        "supertype_color": [term_colors[v] for v in pivoted["supertype"]],
        "cluster_color": [term_colors[v] for v in pivoted["cluster"]],
    })
    centers, shapes = umap_layout(rows, n, rng_for(spec, 9))
    return Taxonomy(aliases=aliases, sizes=sizes, pivoted=pivoted, colors=colors, centers=centers, shapes=shapes)


def revise_taxonomy(spec: AtlasSpec, tax: Taxonomy) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The newer taxonomy release: a few supertypes renamed and a few colours changed."""
    rng = rng_for(spec, 3)
    pivoted, colors = tax.pivoted.copy(), tax.colors.copy()
    supertypes = sorted(pivoted["supertype"].unique())
    for old in rng.choice(supertypes, min(3, len(supertypes)), replace=False):
        pivoted.loc[pivoted["supertype"] == old, "supertype"] = old + " (rev)"
    for col in ["class_color", "subclass_color"]:
        for v in rng.choice(sorted(colors[col].unique()), 2, replace=False):
            colors.loc[colors[col] == v, col] = color(rng)
    return pivoted, colors


# ---------------------------------------------------------------- genes

def build_genes(spec: AtlasSpec) -> pd.DataFrame:
    rng = rng_for(spec, 4)
    ids = rng.choice(np.arange(1, 120_000), spec.n_genes, replace=False)
    gene_ids = [f"ENSMUSG{v:011d}" for v in ids]
    known = KNOWN_GENES[: min(len(KNOWN_GENES), spec.n_genes)]
    gm = rng.choice(np.arange(10_000, 60_000), spec.n_genes - len(known), replace=False)
    symbols = [k[0] for k in known] + [f"Gm{v}" for v in gm]
    names = [k[1] for k in known] + [f"predicted gene {v}" for v in gm]
    ncbi = [f"NCBIGene:{k[2]}" for k in known] + [
        f"NCBIGene:{v}" if rng.random() < 0.9 else "" for v in rng.integers(100_000, 110_000_000, len(gm))
    ]
    order = rng.permutation(spec.n_genes)  # known genes scattered, as in genomic order
    genes = pd.DataFrame({
        "gene_identifier": gene_ids,
        "gene_symbol": [symbols[i] for i in order],
        "name": [names[i] for i in order],
        "mapped_ncbi_identifier": [ncbi[i] for i in order],
    })
    no_expr = rng.random(spec.n_genes) < 0.036  # real: 1,173 of 32,285
    genes["comment"] = np.where(no_expr & ~genes["gene_symbol"].isin([k[0] for k in known]), "no expression", "")
    return genes


# ---------------------------------------------------------------- cells

def matrix_cell_counts(spec: AtlasSpec) -> np.ndarray:
    real = np.array([m[2] for m in MATRICES], dtype=float)
    counts = np.maximum(spec.min_cells_per_matrix, np.floor(real / real.sum() * spec.n_cells)).astype(np.int64)
    counts[np.argmax(counts)] += spec.n_cells - counts.sum()
    return counts


def well(rng: np.random.Generator) -> str:
    return f"{'ABCDEFGH'[int(rng.integers(0, 8))]}{int(rng.integers(1, 13)):02d}"


def build_cells(spec: AtlasSpec, tax: Taxonomy) -> tuple[pd.DataFrame, dict[str, pd.DataFrame]]:
    """cell_metadata rows (sorted by cluster_alias, as the public file) and, per matrix, its h5ad obs."""
    rng = rng_for(spec, 5)
    counts = matrix_cell_counts(spec)
    cluster_idx = np.repeat(np.arange(len(tax.sizes)), tax.sizes)
    cluster_idx = cluster_idx[rng.permutation(len(cluster_idx))]
    frames, obs_by_matrix, used = [], {}, set()
    start, sample_no = 0, 100
    for mi, ((directory, region, _), n) in enumerate(zip(MATRICES, counts)):
        label = f"{directory}-{region}" if region else directory
        base = region.split("-")[0] if region else "HY"
        n_extra = int(rng.integers(0, spec.extra_cells_max + 1)) if spec.extra_cells_max else 0
        n_all = n + n_extra
        n_lib = max(1, min(12, n_all // 400 + 1))
        lib_of = np.sort(rng.integers(0, n_lib, n_all))
        libs = []
        for _ in range(n_lib):
            sample_no += int(rng.integers(1, 9))
            genotype, line = GENOTYPES[int(rng.integers(0, len(GENOTYPES)))]
            date = f"{int(rng.integers(18, 22))}{int(rng.integers(1, 13)):02d}{int(rng.integers(1, 29)):02d}"
            libs.append(dict(
                sample=f"{sample_no}_{well(rng)}",
                library=f"L8TX_{date}_01_{well(rng)}",
                roi=REGION_ROIS.get(base, [base])[int(rng.integers(0, len(REGION_ROIS.get(base, [base]))))],
                donor=f"{line}-{int(rng.integers(400_000, 700_000))}",
                genotype=genotype,
                sex="FM"[int(rng.integers(0, 2))],
            ))
        barcodes = []
        while len(barcodes) < n_all:
            codes = rng.integers(0, 4, (n_all - len(barcodes), 16))
            for row, lib in zip(codes, lib_of[len(barcodes):]):
                bc = "".join("ACGT"[c] for c in row)
                key = (bc, libs[lib]["sample"])
                if key not in used:
                    used.add(key)
                    barcodes.append(bc)
        samples = [libs[l]["sample"] for l in lib_of]
        cell_labels = [f"{b}-{s}" for b, s in zip(barcodes, samples)]
        obs_by_matrix[label] = pd.DataFrame({
            "cell_label": cell_labels,
            "cell_barcode": barcodes,
            "library_label": [libs[l]["library"] for l in lib_of],
            "anatomical_division_label": base,
        })
        # The h5ad keeps every cell; the metadata loses a few (as the real TH v2: 131,212 vs 130,555).
        in_meta = np.ones(n_all, dtype=bool)
        in_meta[rng.choice(n_all, n_extra, replace=False)] = False
        obs_by_matrix[label]["in_metadata"] = in_meta
        keep = np.flatnonzero(in_meta)
        cl = cluster_idx[start:start + n]
        start += n
        xy = tax.centers[cl] + np.einsum("nij,nj->ni", tax.shapes[cl], rng.normal(0, 0.8, (n, 2)) / 0.8)
        uuids = [str(uuid.UUID(bytes=bytes(b), version=4)) for b in rng.integers(0, 256, (n, 16), dtype=np.uint8)]
        frames.append(pd.DataFrame({
            "cell_label": [cell_labels[i] for i in keep],
            "cell_barcode": [barcodes[i] for i in keep],
            "barcoded_cell_sample_label": [samples[i] for i in keep],
            "library_label": [libs[lib_of[i]]["library"] for i in keep],
            "feature_matrix_label": label,
            "entity": "cell",
            "brain_section_label": "",
            "library_method": METHOD[directory],
            "region_of_interest_acronym": [libs[lib_of[i]]["roi"] for i in keep],
            "donor_label": [libs[lib_of[i]]["donor"] for i in keep],
            "donor_genotype": [libs[lib_of[i]]["genotype"] for i in keep],
            "donor_sex": [libs[lib_of[i]]["sex"] for i in keep],
            "dataset_label": directory,
            "x": [f"{v:.6f}" for v in xy[:, 0]],
            "y": [f"{v:.6f}" for v in xy[:, 1]],
            "cluster_alias": tax.aliases[cl],
            "abc_sample_id": uuids,
            "_cluster": cl,
        }))
    cells = pd.concat(frames, ignore_index=True)
    cells = cells.sort_values("cluster_alias", kind="stable").reset_index(drop=True)
    return cells, obs_by_matrix


# ---------------------------------------------------------------- expression

def make_counts(rng: np.random.Generator, n_rows: int, n_genes: int, nnz_mean: float,
                gene_p: np.ndarray | None, markers: np.ndarray | None,
                chunk_rows: int = 4096) -> sp.csr_matrix:
    """Sparse integer counts as float32 CSR: sorted, unique column indices per row.

    Built in row chunks so the temporaries stay a fraction of the final matrix."""
    cdf = None if gene_p is None else np.cumsum(gene_p)
    counts, indices, data = [], [], []
    for lo in range(0, n_rows, chunk_rows):
        n = min(chunk_rows, n_rows - lo)
        per_row = np.maximum(1, np.round(rng.lognormal(np.log(nnz_mean) - 0.08, 0.4, n))).astype(np.int64)
        rows = np.repeat(np.arange(n, dtype=np.int64), per_row)
        if cdf is None:
            cols = rng.integers(0, n_genes, len(rows))
        else:
            cols = np.searchsorted(cdf, rng.random(len(rows)) * cdf[-1])
        keys = rows * n_genes + cols
        del rows, cols
        if markers is not None:  # (n_rows, k) gene indices each cell expresses strongly
            keys = np.concatenate([keys, (np.arange(n)[:, None] * n_genes + markers[lo:lo + n]).ravel()])
        keys.sort()  # np.unique's hash path is ~10x slower on tens of millions of keys
        keys = keys[np.concatenate([[True], keys[1:] != keys[:-1]])]
        counts.append(np.bincount(keys // n_genes, minlength=n))
        indices.append((keys % n_genes).astype(np.int32))
        data.append(rng.geometric(0.55, len(keys)).astype(np.float32))
        del keys
    indptr = np.zeros(n_rows + 1, dtype=np.int64)
    np.cumsum(np.concatenate(counts), out=indptr[1:])
    if indptr[-1] < 2**31:
        indptr = indptr.astype(np.int32)
    return sp.csr_matrix((np.concatenate(data), np.concatenate(indices), indptr), shape=(n_rows, n_genes))


def write_matrix(spec: AtlasSpec, mi: int, label: str, obs: pd.DataFrame, cells: pd.DataFrame,
                 genes: pd.DataFrame, tax: Taxonomy, path: Path) -> None:
    rng = rng_for(spec, 6, mi)
    n = len(obs)
    gene_p = None
    marker_cols = None
    if spec.markers:
        expressed = (genes["comment"] != "no expression").to_numpy()
        gene_p = np.where(expressed, rng.pareto(1.5, len(genes)) + 0.05, 0.0)
        cluster_of = dict(zip(cells["cell_label"], cells["_cluster"]))
        cl = np.array([cluster_of.get(c, -1) for c in obs["cell_label"]])
        expressed_idx = np.flatnonzero(expressed)
        table = np.random.default_rng([spec.seed, 7]).choice(expressed_idx, (len(tax.sizes) + 1, 4))
        marker_cols = table[cl]  # cells missing from the metadata take the last row
        marker_cols = np.concatenate([marker_cols, taxonomy_markers(spec, mi, genes, tax, cl, marker_cols[:, 0])], axis=1)
    X = make_counts(rng, n, len(genes), spec.nnz_per_cell, gene_p, marker_cols)
    obs_df = obs.drop(columns=["in_metadata"]).set_index("cell_label")
    var_df = genes[["gene_identifier", "gene_symbol"]].set_index("gene_identifier")
    adata = anndata.AnnData(
        X=X, obs=obs_df, var=var_df,
        uns={
            "normalization": "raw",
            "parent": f"{label}_aggregated.h5ad",
            "parent_layer": "X",
            "parent_rows": rng.permutation(n).astype(np.int64),
        },
    )
    write_h5ad_atomic(adata, path, spec)
    if spec.log2:
        log2 = X.copy()
        totals = np.repeat(np.asarray(X.sum(axis=1)).ravel(), np.diff(X.indptr))
        log2.data = np.log2(X.data / totals * 1e6 + 1).astype(np.float32)
        adata.X = log2
        adata.uns["normalization"] = "log2"
        if spec.log2_named_genes:
            adata = adata[:, genes["gene_symbol"].isin([k[0] for k in KNOWN_GENES]).to_numpy()].copy()
            del adata.obs["cell_barcode"]
        write_h5ad_atomic(adata, path.with_name(path.name.replace("-raw.h5ad", "-log2.h5ad")), spec)


def taxonomy_markers(spec: AtlasSpec, mi: int, genes: pd.DataFrame, tax: Taxonomy, cl: np.ndarray,
                     fallback: np.ndarray) -> np.ndarray:
    """Per cell, the genes of its cluster's neurotransmitters (NT_MARKERS) and Tac2 in its
    subclasses (TAC2_SUBCLASSES), each kept at its share of cells; a gene not kept is `fallback`
    (a marker the cell has anyway)."""
    column = {s: i for i, s in enumerate(genes["gene_symbol"])}
    wanted: list[list[tuple[int, float]]] = []
    for nt, subclass in zip(tax.pivoted["neurotransmitter"], tax.pivoted["subclass"]):
        markers = [(column[g], NT_MARKER_SHARE) for part in nt.split("-") for g in NT_MARKERS.get(part, [])]
        stem = subclass.split(" ", 1)[1]
        if stem in TAC2_SUBCLASSES:
            markers.append((column["Tac2"], TAC2_SUBCLASSES[stem]))
        wanted.append(markers)
    wanted.append([])  # cells missing from the metadata
    width = max(len(m) for m in wanted)
    genes_of = np.full((len(wanted), width), -1, dtype=np.int64)
    share_of = np.zeros((len(wanted), width))
    for k, markers in enumerate(wanted):
        for j, (g, share) in enumerate(markers):
            genes_of[k, j], share_of[k, j] = g, share
    keep = rng_for(spec, 8, mi).random((len(cl), width)) < share_of[cl]
    return np.where(keep, genes_of[cl], fallback[:, None])


def write_h5ad_atomic(adata: anndata.AnnData, path: Path, spec: AtlasSpec) -> None:
    tmp = path.with_name(path.name + ".tmp")
    if spec.compact:
        # What write_h5ad does (no raw, not backed), into a file in HDF5 1.10's format (the newest
        # Debian's libhdf5 reads) with 512-byte metadata blocks, X's arrays byte-shuffled before
        # compression: smaller files.
        adata.strings_to_categoricals()
        kwargs = {"compression": spec.compression} if spec.compression else {}
        with h5py.File(tmp, "w", libver=("v110", "v110"), meta_block_size=512) as f:
            f.attrs["encoding-type"], f.attrs["encoding-version"] = "anndata", "0.1.0"
            anndata.io.write_elem(f, "X", adata.X, dataset_kwargs={**kwargs, "shuffle": True} if kwargs else {})
            for key, elem in [("obs", adata.obs), ("var", adata.var), ("obsm", dict(adata.obsm)),
                              ("varm", dict(adata.varm)), ("obsp", dict(adata.obsp)), ("varp", dict(adata.varp)),
                              ("layers", dict(adata.layers)), ("uns", dict(adata.uns))]:
                anndata.io.write_elem(f, key, elem, dataset_kwargs=kwargs)
    else:
        adata.write_h5ad(tmp, compression=spec.compression)
    os.replace(tmp, path)


# ---------------------------------------------------------------- files and manifests

def write_csv(df: pd.DataFrame, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    df.to_csv(tmp, index=False, lineterminator="\n")
    os.replace(tmp, path)


def md5(path: Path) -> str:
    h = hashlib.md5()
    with open(path, "rb") as f:
        while chunk := f.read(1_000_000):
            h.update(chunk)
    return h.hexdigest()


def file_entry(root: Path, rel: str, version: str) -> dict:
    p = root / rel
    return {"version": version, "relative_path": rel, "url": BUCKET_URL + rel,
            "size": p.stat().st_size, "file_hash": md5(p)}


def dir_entry(kind_rel: str, version: str, total: int) -> dict:
    return {"version": version, "relative_path": kind_rel, "url": BUCKET_URL + kind_rel + "/",
            "view_link": BUCKET_URL + "index.html#" + kind_rel + "/", "total_size": total}


def write_manifest(root: Path, release: str, layout: list[tuple[str, str, str, list[str]]]) -> None:
    """layout: (directory, kind, version, [relative file names]) in manifest order."""
    directory_listing, file_listing = {}, {}
    for directory, kind, version, names in layout:
        kind_rel = f"{kind}/{directory}/{version}"
        files: dict = {}
        total = 0
        for name in names:
            entry = file_entry(root, f"{kind_rel}/{name}", version)
            total += entry["size"]
            base = Path(name).name
            if base.endswith(".h5ad"):
                stem = base[: -len(".h5ad")]
                tag, norm = stem.rsplit("-", 1)
                files.setdefault(tag, {})[norm] = {"files": {"h5ad": entry}}
            else:
                stem, ext = base.split(".", 1)
                files[stem] = {"files": {ext: entry}}
        directory_listing.setdefault(directory, {"directories": {}})["directories"][kind] = dir_entry(kind_rel, version, total)
        file_listing.setdefault(directory, {})[kind] = files
    manifest = {"version": release, "resource_uri": RESOURCE_URI,
                "directory_listing": directory_listing, "file_listing": file_listing}
    path = root / "releases" / release / "manifest.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(manifest, indent=2) + "\n")


def expression_layout(log2: bool = False) -> list[tuple[str, str, str, list[str]]]:
    out: dict[str, list[str]] = {}
    for directory, region, _ in MATRICES:
        label = f"{directory}-{region}" if region else directory
        out.setdefault(directory, []).extend([f"{label}-{kind}.h5ad" for kind in (["log2", "raw"] if log2 else ["raw"])])
    versions = {"WMB-10Xv2": "20230630", "WMB-10Xv3": "20230630", "WMB-10XMulti": "20230830"}
    return [(d, "expression_matrices", versions[d], names) for d, names in out.items()]


def matrix_path(root: Path, directory: str, label: str) -> Path:
    version = dict((d, v) for d, _, v, _ in expression_layout())[directory]
    return root / "expression_matrices" / directory / version / f"{label}-raw.h5ad"


def build_atlas(spec: AtlasSpec, root: Path, log=lambda msg: None) -> dict:
    root.mkdir(parents=True, exist_ok=True)
    sizes = cluster_sizes(spec)
    tax = build_taxonomy(spec, sizes)
    genes = build_genes(spec)
    cells, obs_by_matrix = build_cells(spec, tax)
    meta_rel = f"metadata/WMB-10X/{spec.metadata_version}"
    write_csv(cells[CELL_METADATA_COLUMNS], root / meta_rel / "cell_metadata.csv")
    write_csv(genes, root / meta_rel / "gene.csv")
    counts = pd.Series(np.bincount(cells["_cluster"], minlength=len(sizes)), index=tax.aliases)
    tax_versions = sorted({v for _, v in spec.releases})
    for i, version in enumerate(tax_versions):
        pivoted, colors = (tax.pivoted, tax.colors) if i == 0 else revise_taxonomy(spec, tax)
        base = root / "metadata" / "WMB-taxonomy" / version
        cluster = pd.DataFrame({"cluster_alias": tax.aliases, "number_of_cells": counts.to_numpy(),
                                "label": [f"CS20230722_{a:04d}" for a in tax.aliases]})
        write_csv(cluster, base / "cluster.csv")
        write_csv(pivoted, base / "views" / "cluster_to_cluster_annotation_membership_pivoted.csv")
        write_csv(colors, base / "views" / "cluster_to_cluster_annotation_membership_color.csv")
    missing = {}
    for mi, (directory, region, _) in enumerate(MATRICES):
        label = f"{directory}-{region}" if region else directory
        obs = obs_by_matrix[label]
        path = matrix_path(root, directory, label)
        path.parent.mkdir(parents=True, exist_ok=True)
        write_matrix(spec, mi, label, obs, cells, genes, tax, path)
        missing[label] = int((~obs["in_metadata"]).sum())
        log(f"{label}: {len(obs)} cells, {missing[label]} not in metadata")
    for release, tax_version in spec.releases:
        layout = expression_layout(spec.log2) + [
            ("WMB-10X", "metadata", spec.metadata_version, ["cell_metadata.csv", "gene.csv"]),
            ("WMB-taxonomy", "metadata", tax_version, [
                "cluster.csv",
                "views/cluster_to_cluster_annotation_membership_pivoted.csv",
                "views/cluster_to_cluster_annotation_membership_color.csv",
            ]),
        ]
        write_manifest(root, release, layout)
    return {"cells": len(cells), "clusters": len(sizes), "cluster_sizes": counts.to_numpy(),
            "missing_from_metadata": missing, "genes": len(genes)}


DEMO = AtlasSpec(
    n_cells=7_000, n_genes=500, nnz_per_cell=30, small_clusters=45, large_clusters=5,
    large_range=(250, 600), medium_extra=25, min_cells_per_matrix=25, extra_cells_max=4,
    compression="gzip", seed=20251031,
    releases=[("20250531", "20231215"), ("20251031", "20251031")], log2=True, log2_named_genes=True, compact=True,
)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, default=Path(__file__).resolve().parent)
    ap.add_argument("--compression", choices=["gzip", "none"], default=None,
                    help="X compression (default gzip: uncompressed, the demo exceeds its 5 MB budget)")
    args = ap.parse_args()
    spec = DEMO
    if args.compression:
        spec = replace(spec, compression=None if args.compression == "none" else args.compression)
    for sub in ["releases", "metadata", "expression_matrices"]:
        shutil.rmtree(args.out / sub, ignore_errors=True)
    summary = build_atlas(spec, args.out, log=lambda m: print(m, file=sys.stderr))
    s = summary["cluster_sizes"]
    print(json.dumps({
        "cells": summary["cells"], "clusters": summary["clusters"], "genes": summary["genes"],
        "clusters_under_50": int((s < 50).sum()), "cells_in_clusters_under_50": int(s[s < 50].sum()),
        "cluster_size_min_median_max": [int(s.min()), float(np.median(s)), int(s.max())],
        "missing_from_metadata": summary["missing_from_metadata"],
    }, indent=2))


if __name__ == "__main__":
    main()
