import Directives
import Testing
@testable import atlasweave

@Suite("Directive reference")
struct DirectiveReferenceTests {
    @Test("the reference lists options with kind, range, default, required, and the result fields")
    func histogram() throws {
        let histogram = try #require(DirectiveCatalog.all.first { $0.name == "histogram" })
        let text = DirectiveReference.text(for: [histogram])
        #expect(text.contains("Every directive also accepts:\n    id (string)\n"))
        #expect(text.contains("{histogram}\n  Draws a histogram of a numeric column, or of the number of rows per group.\n  options:\n"))
        #expect(text.contains("    table (string, required)\n      An earlier stage's id, or a CSV file relative to the report.\n"))
        #expect(text.contains("    bins (integer, 1 to 500, default 30)\n      Number of equal-width bins.\n"))
        #expect(text.contains("    log10 (boolean, default false)\n"))
        #expect(text.contains("  result fields:\n    bins\n      The bins: a list of records with lower, upper and count.\n"))
    }
}
