import Raster
import Weave

/// matplotlib's colour maps as the charts' colour scales (colour bars, heatmap cells): a value
/// takes the map's entry as matplotlib's `Colormap.__call__` picks it (no blending between entries).
extension ColorMap: ColorScale {
    public func color(at t: Double) -> RGBColor { RGBColor(color(atFraction: t)) }
}

extension RGBColor {
    init(_ color: RGB) {
        self.init(red: color.r, green: color.g, blue: color.b)
    }
}
