import Raster
import TextFormats
import Weave

/// matplotlib's colour maps as the charts' colour scales (colour bars, heatmap cells): a value
/// takes the map's entry as matplotlib's `Colormap.__call__` picks it (no blending between entries).
extension ColorMap: ColorScale {
    public func color(at t: Double) -> RGB { color(atFraction: t) }
}
