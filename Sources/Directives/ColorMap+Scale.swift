import Raster
import Weave

/// matplotlib's colour maps as the charts' colour scales: a value takes the map's entry as
/// matplotlib's `Colormap.__call__` picks it (no blending between entries).
extension ColorMap: ColorScale {
    public func color(at t: Double) -> RGBColor {
        let entry = color(atFraction: t)
        return RGBColor(red: entry.r, green: entry.g, blue: entry.b)
    }
}
