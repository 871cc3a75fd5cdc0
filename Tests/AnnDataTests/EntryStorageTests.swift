import AnnData
import Foundation
import HDF5Kit
import Testing
import TestSupport

/// `MatrixLookup.entryStorage` finds X's values and column indices in files the real anndata
/// writes, from their bytes alone: the same extents h5py reports for those datasets' storage.
@Suite(.needsPython) struct EntryStorageTests {
    static func source(_ url: URL) throws -> H5StorageMap.ByteSource {
        let image = [UInt8](try Data(contentsOf: url))
        return { address, count in
            guard address <= UInt64(image.count), UInt64(count) <= UInt64(image.count) - address else { throw CocoaError(.fileReadCorruptFile) }
            return Array(image[Int(address)..<(Int(address) + count)])
        }
    }

    @Test("X/data and X/indices of anndata's CSR files, chunked and contiguous, are where h5py says; dense X gives nil", arguments: [true, false])
    func matchesH5py(chunked: Bool) throws {
        let dir = try TestPaths.temporaryDirectory("entry-storage")
        defer { try? FileManager.default.removeItem(at: dir) }
        let sparse = dir.appendingPathComponent("sparse.h5ad"), dense = dir.appendingPathComponent("dense.h5ad")
        let expected = try TestPython.run("""
            import sys, json, warnings, anndata, h5py, numpy as np, pandas as pd, scipy.sparse as sp
            warnings.simplefilter("ignore")
            X = sp.random(3000, 800, density=0.05, format="csr", dtype=np.float32, random_state=1)
            obs = pd.DataFrame({"cell_barcode": [f"b{i}" for i in range(3000)]}, index=[f"c{i}" for i in range(3000)])
            a = anndata.AnnData(X=X, obs=obs, var=pd.DataFrame(index=[f"g{i}" for i in range(800)]))
            if sys.argv[3] == "chunked":
                a.write_h5ad(sys.argv[1])
            else:
                with h5py.File(sys.argv[1], "w") as f:
                    anndata.io.write_elem(f, "obs", a.obs)
                    anndata.io.write_elem(f, "var", a.var)
                    g = f.create_group("X")
                    g.attrs.update({"encoding-type": "csr_matrix", "encoding-version": "0.1.0", "shape": X.shape})
                    for name in ["data", "indices", "indptr"]:
                        g.create_dataset(name, data=getattr(X, name))
            anndata.AnnData(X=np.ones((3, 2), dtype=np.float32)).write_h5ad(sys.argv[2])
            out = []
            with h5py.File(sys.argv[1]) as f:
                for name in ["X/data", "X/indices"]:
                    d = f[name].id
                    if f[name].chunks:
                        out += [[d.get_chunk_info(i).byte_offset, d.get_chunk_info(i).size] for i in range(d.get_num_chunks())]
                    else:
                        out.append([d.get_offset(), d.get_storage_size()])
            print(json.dumps(sorted(out)))
            """, arguments: [sparse.path, dense.path, chunked ? "chunked" : "contiguous"])
        let extents = try JSONDecoder().decode([[UInt64]].self, from: Data(expected.utf8))
        #expect(chunked ? extents.count > 2 : extents.count == 2)
        var announced = 0
        let found = try #require(try MatrixLookup.entryStorage(read: try Self.source(sparse)) { announced += $0.count })
        #expect(found.sorted { $0.lowerBound < $1.lowerBound }.map { [$0.lowerBound, UInt64($0.count)] } == extents)
        #expect(chunked == (announced > 0), "chunk B-tree nodes are announced before they are read")
        #expect(try MatrixLookup.entryStorage(read: try Self.source(dense)) { _ in } == nil)
    }
}
