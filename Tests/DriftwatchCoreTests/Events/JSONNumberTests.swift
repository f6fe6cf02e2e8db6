import Foundation
import Testing
@testable import DriftwatchCore

/// Numbers must be the correctly rounded Double: glibc's strtod is, so compare bit for bit.
@Suite struct JSONNumberTests {
    func parse(_ text: String) throws(DecodeFailure) -> Double {
        guard case .number(let d) = try JSONValue.parse(text) else { throw DecodeFailure("not a number") }
        return d
    }

    @Test func generatedNumbersMatchStrtodBitForBit() throws {
        var corpus = JSONCorpus(seed: 11)
        var checked = 0
        for _ in 0..<50_000 {
            let text = corpus.number()
            let ours = try parse(text)
            let reference = strtod(text, nil)
            #expect(ours.bitPattern == reference.bitPattern || (ours == 0 && reference == 0), "\(text): \(ours) vs \(reference)")
            checked += 1
        }
        #expect(checked == 50_000)
    }

    @Test func shortestRepresentationsRoundTrip() throws {
        var corpus = JSONCorpus(seed: 12)
        for _ in 0..<20_000 {
            let d = Double(bitPattern: corpus.next() & 0x7FEF_FFFF_FFFF_FFFF)
            #expect(try parse(JSONWriter.format(d)).bitPattern == d.bitPattern)
            #expect(try parse("\(d)").bitPattern == d.bitPattern)
        }
    }

    static let hardCases: [String] = [
        "0", "-0", "1", "-1", "0.1", "0.2", "0.3", "1e22", "1e23", "9007199254740993", "9007199254740992",
        "2.2250738585072011e-308", "2.2250738585072014e-308", "4.9406564584124654e-324", "2.4703282292062328e-324",
        "2.4703282292062327e-324", "1.7976931348623157e308", "1.7976931348623158e308", "179769313486231580793728971405301e276",
        "0.1000000000000000055511151231257827021181583404541015625", "1.00000000000000011102230246251565404236316680908203125",
        "123456789012345678901234567890", "0.000001", "1e-7", "100000000000000000000000", "3.14159265358979323846",
        "7.038531e-26", "1448997445238699", "1e-400", "-1e-400", "0e1000", "1E+2", "1e-0", "5e-324", "8.98846567431158e307",
    ]

    @Test(arguments: hardCases)
    func hardCasesMatchStrtod(text: String) throws {
        let ours = try parse(text)
        let reference = strtod(text, nil)
        #expect(ours == reference && ours.sign == reference.sign)
    }

    static let invalid: [String] = ["01", "-01", "+1", ".5", "1.", "-", "1e", "1e+", "NaN", "-NaN", "Infinity", "-Infinity",
                                    "0x10", "1.5e", "--1", "1e309", "-1e309", "1_000", "1 2", "١"]

    @Test(arguments: invalid)
    func invalidNumbersAreRejected(text: String) {
        #expect(throws: DecodeFailure.self) { try parse(text) }
    }
}
