// libFuzzer harness for the JSON scanner and the event decoder (built by scripts/fuzz-decoder.sh,
// not by SwiftPM). Crashes, sanitizer reports and these invariants are findings:
// - `JSONValue.parse` and `EventDecoder` agree on syntax: if parsing fails, decoding fails;
// - a parsed value written by `JSONWriter` parses back to the same value and bytes.

nonisolated(unsafe) var decoder = EventDecoder()
nonisolated(unsafe) var event = PredictionEvent()
nonisolated(unsafe) var label = LabelEvent()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = UnsafeRawBufferPointer(start: data, count: size)
    // The symbol table grows with every new name by design; start afresh so RSS stays bounded.
    if decoder.symbols.count > 20_000 { decoder = EventDecoder() }
    var parsed: JSONValue?
    do throws(DecodeFailure) { parsed = try JSONValue.parse(input) } catch { precondition(!error.reason.isEmpty) }
    var decoded = false
    do throws(DecodeFailure) {
        try decoder.decode(input, into: &event)
        decoded = true
    } catch {
        precondition(!error.reason.isEmpty && !error.reason.contains("\n"))
    }
    if decoded { precondition(parsed != nil, "decoder accepted what the parser rejects") }
    do throws(DecodeFailure) { try decoder.decodeLabel(input, into: &label) } catch {}
    if let parsed {
        let written = parsed.encodedBytes()
        do throws(DecodeFailure) {
            let again = try JSONValue.parse(written)
            precondition(again == parsed, "round trip changed the value")
            precondition(again.encodedBytes() == written, "writing is not deterministic")
        } catch {
            preconditionFailure("written JSON does not parse: \(error.reason)")
        }
    }
    return 0
}
