import DriftwatchCore
@testable import DriftwatchRuntime
import Testing

/// The 64-bit opaque of a Kafka delivery report carries an `AckToken` back to its processor;
/// the model stage's tokens have negative processor numbers (found lost by `ChaosKillTests`).
@Suite struct AckTokenPackingTests {
    /// Delivery reports carry the model stage's tokens (negative processor numbers) back to it.
    @Test func ackTokensSurviveTheDeliveryReportOpaque() {
        for processor: Int32 in [0, 3, 1_000, -1, -4, -1_000] {
            for group: Int64 in [0, 1, 123_456_789, 0xFF_FFFF_FFFF] {
                let token = AckToken(processor: processor, group: group)
                #expect(AckQueue.unpack(AckQueue.pack(token)) == token)
            }
        }
        #expect(ModelStageDriver.isModelStage(AckQueue.unpack(AckQueue.pack(AckToken(processor: -1, group: 7)))))
    }
}
