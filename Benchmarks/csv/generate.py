"""Writes a cell_metadata.csv-shaped file (the 17 WMB-10X columns, realistic cardinalities).

Deterministic for a given --rows: numpy's PCG64 with a fixed seed. Cardinalities follow the
real file (facts §3): 819 libraries/samples, 24 feature matrices, 29 regions, 345 donors,
5 genotypes, 2 sexes, 3 datasets, 5,322 clusters with skewed sizes (some under 50 cells),
barcodes reused across libraries (2,375,490 distinct at full size), a UUID per cell.
"""
import argparse
import numpy as np

FULL_ROWS = 4_042_976
COLUMNS = ["cell_label", "cell_barcode", "barcoded_cell_sample_label", "library_label",
           "feature_matrix_label", "entity", "brain_section_label", "library_method",
           "region_of_interest_acronym", "donor_label", "donor_genotype", "donor_sex",
           "dataset_label", "x", "y", "cluster_alias", "abc_sample_id"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("output")
    ap.add_argument("--rows", type=int, default=FULL_ROWS)
    args = ap.parse_args()
    n = args.rows
    rng = np.random.default_rng(20250531)

    n_barcodes = max(1, round(2_375_490 * n / FULL_ROWS))
    acgt = np.array(list("ACGT"))
    pool = ["".join(r) for r in acgt[rng.integers(0, 4, size=(n_barcodes, 16))]]

    n_lib = min(819, n)
    samples = [f"{400 + i // 12}_{'ABCDEFGH'[i % 8]}{1 + i % 12:02d}" for i in range(n_lib)]
    libraries = [f"L8TX_{201030 + i // 8}_{1 + i % 8:02d}_C{1 + i % 12:02d}" for i in range(n_lib)]
    matrices = ["WMB-10XMulti"] + [f"WMB-10Xv2-{r}" for r in
                ["CTXsp", "HPF", "HY", "Isocortex-1", "Isocortex-2", "Isocortex-3", "Isocortex-4", "MB", "OLF", "TH"]] + \
               [f"WMB-10Xv3-{r}" for r in
                ["CB", "CTXsp", "HPF", "HY", "Isocortex-1", "Isocortex-2", "MB", "MY", "OLF", "P", "PAL", "STR", "TH"]]
    lib_matrix = rng.integers(0, 24, size=n_lib)
    methods = {"WMB-10XMulti": "10xRSeq_Mult", "WMB-10Xv2": "10Xv2", "WMB-10Xv3": "10Xv3"}
    regions = [f"R{i:02d}" for i in range(29)]
    lib_region = rng.integers(0, 29, size=n_lib)
    donors = [f"Snap25-IRES2-Cre;Ai14-{550000 + i}" for i in range(345)]
    lib_donor = rng.integers(0, 345, size=n_lib)
    genotypes = ["Ai14(RCL-tdT)/wt", "wt/wt", "Slc17a7-IRES2-Cre/wt;Ai14(RCL-tdT)/wt",
                 "Gad2-IRES-Cre/wt;Ai14(RCL-tdT)/wt", "Snap25-IRES2-Cre/wt;Ai14(RCL-tdT)/wt"]
    donor_genotype = rng.integers(0, 5, size=345)
    donor_sex = rng.integers(0, 2, size=345)

    # Contiguous blocks per library, as the real file is grouped; a barcode repeats only
    # n_barcodes rows apart, so (barcode, library) and thus cell_label stay unique.
    lib_of_row = np.minimum(np.arange(n) * n_lib // n, n_lib - 1)
    barcode_of_row = (np.arange(n, dtype=np.int64) * 7919) % n_barcodes

    sizes = np.maximum(1, rng.lognormal(mean=5.5, sigma=1.6, size=5322))
    sizes = np.maximum(1, np.floor(sizes * n / sizes.sum())).astype(np.int64)
    cluster_of_row = np.repeat(np.arange(1, 5323), sizes)[:n]
    if len(cluster_of_row) < n:
        cluster_of_row = np.concatenate([cluster_of_row, rng.integers(1, 5323, size=n - len(cluster_of_row))])
    rng.shuffle(cluster_of_row)
    xs = rng.normal(0, 10, size=n)
    ys = rng.normal(0, 10, size=n)
    uuid_bytes = rng.bytes(16 * n)

    with open(args.output, "w", newline="") as out:
        out.write(",".join(COLUMNS) + "\n")
        lines = []
        for i in range(n):
            lib = lib_of_row[i]
            bc = pool[barcode_of_row[i]]
            mat = matrices[lib_matrix[lib]]
            dataset = mat if mat == "WMB-10XMulti" else mat[:9]
            donor = lib_donor[lib]
            u = uuid_bytes[16 * i:16 * i + 16].hex()
            lines.append(f"{bc}-{samples[lib]},{bc},{samples[lib]},{libraries[lib]},{mat},cell,,"
                         f"{methods[dataset]},{regions[lib_region[lib]]},{donors[donor]},"
                         f"{genotypes[donor_genotype[donor]]},{'FM'[donor_sex[donor]]},{dataset},"
                         f"{xs[i]:.6f},{ys[i]:.6f},{cluster_of_row[i]},"
                         f"{u[:8]}-{u[8:12]}-{u[12:16]}-{u[16:20]}-{u[20:]}\n")
            if len(lines) == 100_000:
                out.write("".join(lines))
                lines.clear()
        out.write("".join(lines))


if __name__ == "__main__":
    main()
