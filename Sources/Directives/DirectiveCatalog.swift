import Weave

/// Every directive the tool knows, in the order `atlasweave directives` lists them.
public enum DirectiveCatalog {
    public static let all: [any Directive.Type] = [
        Atlas.self,
        Metadata.self,
        Join.self,
        Histogram.self,
        Scatter.self,
        Bar.self,
        Sunburst.self,
        Downsample.self,
        Expression.self,
        QC.self,
        Export.self,
        Genes.self,
        Heatmap.self,
        TableView.self,
        FileSummary.self,
    ]
}
