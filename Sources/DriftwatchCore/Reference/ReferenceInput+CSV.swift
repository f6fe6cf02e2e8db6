public import Foundation

extension ReferenceInput {
    /// RFC 4180 CSV with a header row. Cells are trimmed of surrounding spaces and tabs; empty
    /// cells and the usual null spellings (`NA`, `N/A`, `NULL`, `None`, `NaN`, `-`, any case)
    /// are missing. A column is numeric when every present cell is a number and categorical
    /// when most are not ("true"/"false" in any case become "true"/"false"). A column of mostly
    /// numbers with a few non-numbers is refused, naming the column and its first offending
    /// lines: such a cell is usually a typo or an unusual null, and guessing either way would
    /// silently change what drift means for the column. `types` forces a column's type
    /// (numeric: non-numbers count as missing).
    public static func csv(data: Data, file: String, modelID: String,
                           sampling: ReferenceProfile.Sampling = .init(),
                           types: [String: ColumnType] = [:],
                           adaptiveChunkSize: Int? = nil) throws(ReferenceInputError) -> ReferenceProfile {
        let table = try CSVTable(data: data, file: file)
        for column in types.keys.sorted() where !table.header.contains(column) {
            throw ReferenceInputError("--types names column \"\(column)\", which \(file) does not have; its columns are "
                                      + table.header.joined(separator: ", ") + ".")
        }
        let width = table.header.count
        var kinds = [ColumnType](repeating: .numeric, count: width)
        // Each cell's number, parsed once (nil: missing or not a number).
        var numbers = [[Double?]](repeating: [], count: width)
        for c in 0..<width {
            let column = NumberColumn(c, of: table)
            numbers[c] = column.numbers
            if let forced = types[table.header[c]] {
                kinds[c] = forced
            } else {
                kinds[c] = try inferType(of: column, named: table.header[c], file: file)
            }
        }
        var builder = ReferenceBuilder(modelID: modelID, sampling: sampling)
        builder.adaptiveChunkSize = adaptiveChunkSize
        let featureColumns = table.header.map { name -> Int in
            ["prediction", "label", "score"].contains(name) ? -1 : builder.featureColumn(name)
        }
        for r in 0..<table.rowCount {
            let line = table.lines[r]
            let location = { "\(file) line \(line)" }
            var prediction = ReferenceValue.missing, label = ReferenceValue.missing, score = ReferenceValue.missing
            builder.beginRow()
            for c in 0..<width {
                let cell = table.cell(r, c)
                let v: ReferenceValue
                if kinds[c] == .numeric {
                    // Missing, or a non-number in a column forced numeric.
                    v = numbers[c][r].map { .number($0) } ?? .missing
                } else if isMissing(cell) {
                    v = .missing
                } else if cell.utf8.count <= 5, cell.lowercased() == "true" || cell.lowercased() == "false" {
                    v = .bool(cell.lowercased() == "true")
                } else {
                    v = .string(cell)
                }
                switch featureColumns[c] {
                case -1:
                    switch table.header[c] {
                    case "prediction": prediction = v
                    case "label": label = v
                    default:
                        if case .number(let x) = v, !(x >= 0 && x <= 1) {
                            throw ReferenceInputError("\(location()): \"score\" must be a number in [0, 1], got \(cell).")
                        }
                        if case .string = v {
                            throw ReferenceInputError("\(location()): \"score\" must be a number in [0, 1], got \(cell).")
                        }
                        score = v
                    }
                case let index:
                    try builder.add(v, toFeature: index, location: location())
                }
            }
            try builder.endRow(prediction: prediction, score: score, label: label, location: location())
        }
        return builder.build(source: .init(file: file, kind: "csv", rows: builder.rows))
    }

    /// One column's cells read as numbers, with what type inference needs.
    struct NumberColumn {
        var numbers: [Double?] = []
        var numberCount = 0
        var otherCount = 0
        /// The first three present cells that are not numbers, with their lines.
        var firstOthers: [(line: Int, cell: String)] = []

        init(_ c: Int, of table: CSVTable) {
            numbers.reserveCapacity(table.rowCount)
            for r in 0..<table.rowCount {
                let cell = table.cell(r, c)
                if ReferenceInput.isMissing(cell) {
                    numbers.append(nil)
                } else if let x = Double(cell) {
                    numbers.append(x)
                    numberCount += 1
                } else {
                    numbers.append(nil)
                    otherCount += 1
                    if firstOthers.count < 3 { firstOthers.append((table.lines[r], cell)) }
                }
            }
        }
    }

    /// Numeric when every present cell is a number, categorical when numbers are fewer than
    /// half; in between, an error naming the column and its first three non-numbers.
    static func inferType(of column: NumberColumn, named name: String, file: String) throws(ReferenceInputError) -> ColumnType {
        let (numbers, otherCount, others) = (column.numberCount, column.otherCount, column.firstOthers)
        if otherCount == 0 { return .numeric }
        if numbers < otherCount { return .categorical }
        let shown = others.map { "line \($0.line) has \"\($0.cell)\"" }.joined(separator: ", ")
        throw ReferenceInputError(
            "\(file): column \"\(name)\" is mostly numbers (\(numbers) of \(numbers + otherCount) values) but "
            + "\(shown)\(otherCount > others.count ? " and \(otherCount - others.count) more" : ""); fix those cells, "
            + "or force the type with --types \(name)=numeric (non-numbers become missing) or --types \(name)=categorical.")
    }

    /// Empty, or one of the usual spellings of "no value" (case-insensitive): NA, N/A, NULL,
    /// None, NaN, "-".
    static func isMissing(_ cell: String) -> Bool {
        let utf8 = cell.utf8
        // Most cells are numbers or words: look at the first byte before lowercasing anything.
        guard let first = utf8.first else { return true }
        guard utf8.count <= 4, first == UInt8(ascii: "n") || first == UInt8(ascii: "N") || first == UInt8(ascii: "-") else {
            return false
        }
        switch cell.lowercased() {
        case "", "na", "n/a", "null", "none", "nan", "-": return true
        default: return false
        }
    }
}
