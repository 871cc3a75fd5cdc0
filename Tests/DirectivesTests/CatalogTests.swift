import Foundation
import Testing
import TestSupport
import Weave
@testable import Directives

@Suite("the directive catalog")
struct CatalogTests {
    /// One stage of every directive in the catalog, on the bundled demo atlas.
    static let report = """
    # Every directive

    ```{atlas}
    source: demo
    manifest: "20251031"
    ```

    ```{metadata}
    id: cells
    directory: WMB-10X
    file: cell_metadata
    ```

    ```{metadata}
    id: membership
    directory: WMB-taxonomy
    file: cluster_to_cluster_annotation_membership_pivoted
    ```

    ```{join}
    id: annotated
    table: cells
    with: membership
    on: cluster_alias
    output: data/annotated.csv
    ```

    ```{histogram}
    table: annotated
    count-by: cluster_alias
    log10: true
    ```

    ```{scatter}
    table: annotated
    color-by: class
    width: 40
    height: 40
    ```

    ```{bar}
    table: annotated
    group-by: class
    value: [distinct:cluster_alias, rows]
    ```

    ```{sunburst}
    table: annotated
    levels: [class, subclass]
    value: distinct:cluster_alias
    ```

    ```{downsample}
    id: sample
    table: annotated
    target: 300
    keep-below: 5
    output: data/sample.csv
    ```

    ```{table}
    table: sample
    group-by: class
    ```

    ```{expression}
    id: matrix
    cells: sample
    output: data/sample.h5ad
    ```

    ```{qc}
    id: qc
    h5ad: matrix
    output: data/sample_qc.h5ad
    min-genes: 1
    ```

    ```{export}
    h5ad: qc
    output: data/tenx
    ```

    ```{genes}
    id: panel
    genes: [Slc17a7, Tac2]
    cells: sample
    output: data/panel.csv
    ```

    ```{join}
    id: panel_annotated
    table: panel
    with: sample
    on: cell_label
    output: data/panel_annotated.csv
    ```

    ```{heatmap}
    table: panel_annotated
    genes: [Slc17a7, Tac2]
    group-by: class
    style: dots
    ```

    ```{file-summary}
    files: data/sample.csv
    ```
    """

    @Test("every directive, run, returns exactly the fields it declares; the page names no absolute local path")
    func fieldsAreDeclared() async throws {
        let folder = try TestPaths.temporaryDirectory("catalog")
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("catalog.md")
        try Data(Self.report.utf8).write(to: url)
        let template = try ReportTemplate(directory: TestPaths.packageRoot.appendingPathComponent("templates"))
        let outcome = try await ReportRenderer(template: template, cache: .normal)
            .render(try ReportDocument.load(url: url, directives: DirectiveCatalog.all))
        #expect(outcome.failure == nil, "\(String(describing: outcome.failure?.status))")
        // The atlas card names the cache from the report's folder, and no local folder absolutely.
        let html = try String(contentsOf: outcome.output, encoding: .utf8)
        #expect(html.contains("<dt>cache</dt><dd>abc_data</dd>"))
        #expect(!html.contains(folder.path) && !html.contains(TestPaths.packageRoot.path))
        for directive in DirectiveCatalog.all {
            let stages = outcome.stages.filter { $0.directive == directive.name }
            #expect(!stages.isEmpty, "the catalog report has no {\(directive.name)} stage")
            for stage in stages {
                let returned = Set(stage.result?.fields.keys.map { $0 } ?? [])
                #expect(returned == Set(directive.fields.map(\.name)), "{\(directive.name)} '\(stage.id)' returned \(returned.sorted())")
            }
        }
    }

    @Test("directive names and option names are unique, and every option has help")
    func declarationsAreWellFormed() {
        let names = DirectiveCatalog.all.map { $0.name }
        #expect(Set(names).count == names.count)
        for directive in DirectiveCatalog.all {
            let options = directive.options.map(\.name) + ["id", "caption"]
            #expect(Set(options).count == options.count, "{\(directive.name)} declares an option twice")
            #expect(directive.options.allSatisfy { !$0.help.isEmpty }, "{\(directive.name)} has an option without help")
        }
    }
}
