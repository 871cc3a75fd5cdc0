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
}
