import Testing
@testable import AnnData

/// The pure steps of reading and concatenating matrices, without files.
@Suite struct PurePartsTests {
    @Test("rows are read in file order, neighbours coalesced while the gap and the run stay small")
    func readPlan() {
        // Output order: rows at 100, 0, 10, 5000 (lengths 5, 4, 3, 2).
        let spans = [RowSpan(row: 3, start: 100, length: 5), RowSpan(row: 0, start: 0, length: 4),
                     RowSpan(row: 1, start: 10, length: 3), RowSpan(row: 9, start: 5000, length: 2)]
        let plan = RowReadPlan(spans, mergeGap: 100, maxRun: 1000)
        #expect(plan.offsets == [0, 5, 9, 12])
        #expect(plan.total == 14)
        #expect(plan.order == [1, 2, 0, 3])
        // 0…4, 10…13 and 100…105 are within 100 of each other; 5000 is not.
        #expect(plan.runs == [RowReadPlan.Run(first: 0, last: 2, elements: 0..<105), RowReadPlan.Run(first: 3, last: 3, elements: 5000..<5002)])
        // A run never grows past maxRun; a gap over mergeGap splits too.
        #expect(RowReadPlan(spans, mergeGap: 100, maxRun: 50).runs.map(\.elements) == [0..<13, 100..<105, 5000..<5002])
        #expect(RowReadPlan(spans, mergeGap: 5, maxRun: 1000).runs.map(\.elements) == [0..<4, 10..<13, 100..<105, 5000..<5002])
        #expect(RowReadPlan([], mergeGap: 5, maxRun: 10) == RowReadPlan([], mergeGap: 0, maxRun: 0))
    }

    @Test("concatenated categoricals keep the first non-empty part's order when it has every category, else natsort the union")
    func categories() {
        let a = Categorical(codes: [0, 1], categories: ["b", "a10", "a2"])
        let b = Categorical(codes: [0], categories: ["a2", "b", "a10"])
        let empty = Categorical(codes: [], categories: ["z"])
        #expect(ObsAccumulator.unifiedCategories([a, b]) == ["b", "a10", "a2"])
        #expect(ObsAccumulator.unifiedCategories([empty, b]) == ["a2", "a10", "b", "z"])
        #expect(ObsAccumulator.unifiedCategories([Categorical(codes: [0], categories: ["x"]), b]) == ["a2", "a10", "b", "x"])
    }
}
