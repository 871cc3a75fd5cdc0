import Foundation
import Testing
@testable import Weave

@Suite struct ReportPagePathTests {
    let folder = URL(fileURLWithPath: "/home/ana/project/reports/data")

    @Test func filesAreNamedFromTheReportsFolder() {
        #expect(ReportPage.relative(URL(fileURLWithPath: "/home/ana/project/reports/data/cells.csv"), to: folder) == "cells.csv")
        #expect(ReportPage.relative(URL(fileURLWithPath: "/home/ana/project/reports/abc_data/m/x.h5ad"), to: folder)
            == "../abc_data/m/x.h5ad")
        #expect(ReportPage.relative(URL(fileURLWithPath: "/home/ana/project/reports/wmb.md"), to: folder) == "../wmb.md")
    }

    @Test func onlyTheRootInCommonStaysAbsolute() {
        #expect(ReportPage.relative(URL(fileURLWithPath: "/srv/atlas/x.csv"), to: folder) == "/srv/atlas/x.csv")
    }
}
