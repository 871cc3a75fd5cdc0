import Foundation
import Tables
import Testing
import TestSupport

@Suite struct GroupAggregateTests {
    @Test("mean, fraction above 0 and median by group equal pandas' groupby on the same CSV")
    func equalsPandas() throws {
        let dir = try TestPaths.temporaryDirectory("aggregate")
        defer { try? FileManager.default.removeItem(at: dir) }
        let csv = dir.appendingPathComponent("genes.csv")
        let expected = try TestPython.run(#"""
import sys, json
import numpy as np, pandas as pd
rng = np.random.default_rng(3)
n = 2000
groups = rng.choice(["01 IT Glut", "06 CGE GABA", "30 Astro", "22 Sero", ""], n)
df = pd.DataFrame({"cell_label": ["c%d" % i for i in range(n)], "class": groups})
for g in ["Slc17a7", "Slc32a1", "Tac2"]:
    v = np.where(rng.random(n) < 0.4, rng.gamma(2.0, 1.5, n).astype(np.float32), 0.0)
    df[g] = v
df.loc[5, "Tac2"] = np.nan
df.to_csv(sys.argv[1], index=False)
t = pd.read_csv(sys.argv[1], dtype={"cell_label": str})
genes = ["Slc17a7", "Slc32a1", "Tac2"]
by = t.groupby("class", sort=False)
out = {"groups": list(by.size().index), "counts": by.size().tolist(),
       "mean": by[genes].mean().values.tolist(), "median": by[genes].median().values.tolist(),
       "fraction": by[genes].agg(lambda s: (s.dropna() > 0).mean()).values.tolist(),
       "ungrouped": int(t["class"].isna().sum())}
print(json.dumps(out))
"""#, arguments: [csv.path])
        let want = try JSONSerialization.jsonObject(with: Data(expected.utf8)) as! [String: Any]
        let table = try CSVReader.read(csv)
        let got = try table.aggregate(["Slc17a7", "Slc32a1", "Tac2"], by: "class", medians: true)
        #expect(got.groups == want["groups"] as! [String])
        #expect(got.counts == want["counts"] as! [Int])
        #expect(got.ungroupedRows == want["ungrouped"] as! Int)
        for (name, ours) in [("mean", got.mean), ("median", got.median), ("fraction", got.fraction)] {
            let theirs = want[name] as! [[Double]]
            #expect(ours.count == theirs.count)
            for (a, b) in zip(ours.joined(), theirs.joined()) {
                #expect(abs(a - b) <= 1e-12 * max(1, abs(b)), "\(name): \(a) vs \(b)")
            }
        }
    }

    @Test("a missing or text column is an error naming it")
    func errors() throws {
        let table = try parse("cell_label,class,Tac2\na,x,1\nb,y,0\n")
        #expect(errorMessage { _ = try table.aggregate(["Tac2"], by: "subclass") }?.contains("subclass") == true)
        #expect(errorMessage { _ = try table.aggregate(["class"], by: "class") } == "column 'class' of t.csv is not numeric")
    }
}
