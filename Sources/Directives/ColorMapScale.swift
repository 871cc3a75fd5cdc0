import Raster
import Weave

/// A matplotlib colour map as the charts' colour scale (colour bars, heatmap cells).
struct ColorMapScale: ColorScale {
    let map: ColorMap

    func color(at t: Double) -> RGBColor { RGBColor(map.color(atFraction: t)) }
}

extension RGBColor {
    init(_ color: RGB) {
        self.init(red: color.r, green: color.g, blue: color.b)
    }
}
