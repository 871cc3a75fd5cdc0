import Foundation
import Testing
@testable import Weave

@Suite struct RelativePathTests {
    let folder = URL(fileURLWithPath: "/home/ana/project/reports/data")

    @Test func filesAreNamedFromTheReportsFolder() {
        #expect(RelativePath.from(folder, to: URL(fileURLWithPath: "/home/ana/project/reports/data/cells.csv")) == "cells.csv")
        #expect(RelativePath.from(folder, to: URL(fileURLWithPath: "/home/ana/project/reports/abc_data/m/x.h5ad"))
            == "../abc_data/m/x.h5ad")
        #expect(RelativePath.from(folder, to: URL(fileURLWithPath: "/home/ana/project/reports/wmb.md")) == "../wmb.md")
    }

    @Test func onlyTheRootInCommonStaysAbsolute() {
        #expect(RelativePath.from(folder, to: URL(fileURLWithPath: "/srv/atlas/x.csv")) == "/srv/atlas/x.csv")
    }

    @Test("paths in a message are named from the report's folder: absolute, file:// URLs, path:line references")
    func pathsInMessages() {
        let message = "/home/ana/project/reports/data/cells.csv:12: expected 2 fields; download file:///home/ana/project/reports/abc_data/x.h5ad → '/home/ana/project/cache/y.h5ad' (see /srv/atlas/z.csv, not data/a/b or https://h/p/q)"
        #expect(RelativePath.naming(pathsIn: message, from: folder)
            == "cells.csv:12: expected 2 fields; download ../abc_data/x.h5ad → '../../cache/y.h5ad' (see /srv/atlas/z.csv, not data/a/b or https://h/p/q)")
        #expect(RelativePath.naming(pathsIn: "no path here", from: folder) == "no path here")
    }
}
