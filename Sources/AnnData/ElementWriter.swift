import HDF5Kit

/// Writing AnnData elements in the current encoding (what anndata 0.8+ writes).
enum ElementWriter {
    /// A dataframe group with its index and columns.
    static func writeDataFrame(_ frame: DataFrame, named name: String, in parent: H5Group) throws {
        let group = try parent.createGroup(name)
        try Encoding.dataframe.write(to: group)
        try group.setAttribute("_index", string: frame.indexName)
        try group.setAttribute("column-order", strings: frame.columnNames)
        try Encoding.stringArray.write(to: try group.createDataset(frame.indexName, strings: frame.index))
        for column in frame.columnNames {
            guard let values = frame.columns[column] else { continue }
            try writeColumn(values, named: column, in: group)
        }
    }

    static func writeColumn(_ column: DataFrameColumn, named name: String, in group: H5Group) throws {
        switch column {
        case .strings(let values):
            try Encoding.stringArray.write(to: try group.createDataset(name, strings: values))
        case .nullableStrings(let values):
            let element = try group.createGroup(name)
            try Encoding.nullableString.write(to: element)
            try element.createDataset("values", strings: values.map { $0 ?? "" })
            try element.createDataset("mask", bools: values.map { $0 == nil })
        case .categorical(let categorical):
            let element = try group.createGroup(name)
            try Encoding.categorical.write(to: element)
            try element.setAttribute("ordered", bool: categorical.ordered)
            // pandas stores codes in the narrowest signed type; anndata keeps it.
            if categorical.categories.count < Int(Int8.max) {
                try element.createDataset("codes", values: categorical.codes.map { Int8($0) })
            } else if categorical.categories.count < Int(Int16.max) {
                try element.createDataset("codes", values: categorical.codes.map { Int16($0) })
            } else {
                try element.createDataset("codes", values: categorical.codes)
            }
            try Encoding.stringArray.write(to: try element.createDataset("categories", strings: categorical.categories))
        case .integers(let values, let type):
            let dataset = try group.createDataset(name, type: type, shape: [values.count])
            try dataset.write(values)
            try Encoding.array.write(to: dataset)
        case .floats(let values, let type):
            let dataset = try group.createDataset(name, type: type, shape: [values.count])
            try dataset.write(values)
            try Encoding.array.write(to: dataset)
        case .bools(let values):
            try Encoding.array.write(to: try group.createDataset(name, bools: values))
        case .nullableIntegers(let values, let type):
            let element = try group.createGroup(name)
            try Encoding.nullableInteger.write(to: element)
            let dataset = try element.createDataset("values", type: type, shape: [values.count])
            try dataset.write(values.map { $0 ?? 0 })
            try element.createDataset("mask", bools: values.map { $0 == nil })
        case .nullableBools(let values):
            let element = try group.createGroup(name)
            try Encoding.nullableBoolean.write(to: element)
            try element.createDataset("values", bools: values.map { $0 ?? false })
            try element.createDataset("mask", bools: values.map { $0 == nil })
        }
    }

    /// A `dict` group of uns values.
    static func writeDict(_ values: [String: UnsValue], named name: String, in parent: H5Group) throws {
        let group = try parent.createGroup(name)
        try Encoding.dict.write(to: group)
        for key in values.keys.sorted() {
            guard let value = values[key] else { continue }
            switch value {
            case .dict(let nested): try writeDict(nested, named: key, in: group)
            case .string(let s): try Encoding.string.write(to: try group.createScalar(key, string: s))
            case .integer(let i): try Encoding.numericScalar.write(to: try group.createScalar(key, value: i))
            case .number(let d): try Encoding.numericScalar.write(to: try group.createScalar(key, value: d))
            case .bool(let b):
                let dataset = try group.createDataset(key, type: .bool, shape: [])
                try dataset.write(bools: [b])
                try Encoding.numericScalar.write(to: dataset)
            case .strings(let v): try Encoding.stringArray.write(to: try group.createDataset(key, strings: v))
            case .integers(let v): try Encoding.array.write(to: try group.createDataset(key, values: v))
            case .numbers(let v): try Encoding.array.write(to: try group.createDataset(key, values: v))
            }
        }
    }

    /// An empty `dict` group (layers, obsm, …), as anndata writes them.
    static func writeEmptyDict(named name: String, in parent: H5Group) throws {
        try Encoding.dict.write(to: try parent.createGroup(name))
    }
}
