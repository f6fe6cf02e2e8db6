import Foundation

/// Feeds JSON Lines events into a `ReferenceBuilder` through the pipeline's `EventDecoder`:
/// names and categories are interned once, so a row costs a decode and one array lookup per
/// feature (about 10x Foundation's JSONDecoder; `reference build` of 50,000 events well under a
/// second). Lines the strict decoder refuses fall back to `ReferenceInput.lenientRow`.
struct JSONLinesReader {
    let file: String
    let modelID: String
    let labels: ReferenceLabels?
    var builder: ReferenceBuilder
    private(set) var skipped = 0
    private(set) var joinedLabels = 0
    private let decoder = EventDecoder()
    private let model: Symbol
    /// Per symbol id: the builder's feature column + 1 (0: not a feature name yet).
    private var columnOfSymbol: [Int] = []
    /// Per symbol id: the category as a `ReferenceValue`, made once.
    private var categoryOfSymbol: [ReferenceValue?] = []

    init(file: String, modelID: String, sampling: ReferenceProfile.Sampling, labels: ReferenceLabels?) {
        self.file = file
        self.modelID = modelID
        self.labels = labels
        builder = ReferenceBuilder(modelID: modelID, sampling: sampling)
        model = decoder.symbols.symbol(for: modelID)
    }

    /// The lines of `raw` (split at "\n"; a last line without one counts).
    static func lines(_ raw: UnsafeRawBufferPointer) -> [UnsafeRawBufferPointer] {
        var result: [UnsafeRawBufferPointer] = []
        var start = 0
        let count = raw.count
        guard let base = raw.baseAddress else { return result }
        while start < count {
            let rest = count - start
            let end: Int
            if let hit = memchr(base + start, 0x0A, rest) {
                end = base.distance(to: UnsafeRawPointer(hit))
            } else {
                end = count
            }
            result.append(UnsafeRawBufferPointer(rebasing: raw[start..<end]))
            start = end + 1
        }
        return result
    }

    static func isBlank(_ line: UnsafeRawBufferPointer) -> Bool {
        line.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }
    }

    static func value(_ outcome: Outcome, _ symbols: SymbolTable) -> ReferenceValue {
        switch outcome {
        case .number(let x): .number(x)
        case .category(let s): .string(symbols.string(for: s))
        }
    }

    mutating func read(_ raw: UnsafeRawBufferPointer) throws(ReferenceInputError) {
        var event = PredictionEvent()
        var lineNumber = 0
        for line in Self.lines(raw) {
            lineNumber += 1
            if Self.isBlank(line) { continue }
            do {
                try decoder.decode(line, into: &event)
            } catch {
                try addLenient(line, lineNumber: lineNumber)
                continue
            }
            guard event.modelID == model else { skipped += 1; continue }
            let location = { [file] in "\(file) line \(lineNumber)" }
            builder.beginRow()
            for entry in event.features {
                try builder.add(value(entry.value), toFeature: column(entry.name), location: location())
            }
            var label = event.label.map { Self.value($0, decoder.symbols) } ?? .missing
            if let joined = labels?.byEventID[event.eventID] {
                label = joined
                joinedLabels += 1
            }
            try builder.endRow(prediction: event.prediction.map { Self.value($0, decoder.symbols) } ?? .missing,
                               score: event.score.map { .number($0) } ?? .missing,
                               label: label, location: location())
        }
    }

    private mutating func addLenient(_ line: UnsafeRawBufferPointer, lineNumber: Int) throws(ReferenceInputError) {
        guard case (var row, let eventID)? = try ReferenceInput.lenientRow(Data(line), modelID: modelID,
                                                                 location: "\(file) line \(lineNumber)") else {
            skipped += 1
            return
        }
        if let eventID, let joined = labels?.byEventID[eventID] {
            row.label = joined
            joinedLabels += 1
        }
        try builder.add(row, location: "\(file) line \(lineNumber)")
    }

    private mutating func column(_ name: Symbol) -> Int {
        let id = Int(name.id)
        if id < columnOfSymbol.count, columnOfSymbol[id] > 0 { return columnOfSymbol[id] - 1 }
        if id >= columnOfSymbol.count { columnOfSymbol += repeatElement(0, count: id + 1 - columnOfSymbol.count) }
        let index = builder.featureColumn(decoder.symbols.string(for: name))
        columnOfSymbol[id] = index + 1
        return index
    }

    private mutating func value(_ feature: FeatureValue) -> ReferenceValue {
        switch feature {
        case .missing: return .missing
        case .number(let x): return .number(x)
        case .category(let s):
            let id = Int(s.id)
            if id < categoryOfSymbol.count, let cached = categoryOfSymbol[id] { return cached }
            if id >= categoryOfSymbol.count { categoryOfSymbol += repeatElement(nil, count: id + 1 - categoryOfSymbol.count) }
            let made = ReferenceValue.string(decoder.symbols.string(for: s))
            categoryOfSymbol[id] = made
            return made
        }
    }
}
