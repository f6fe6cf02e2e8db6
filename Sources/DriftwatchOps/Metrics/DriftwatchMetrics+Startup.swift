public import DriftwatchCore

extension DriftwatchMetrics {
    /// Creates every counter series whose labels the configuration already names, at 0, so the
    /// first scrape has them (SPEC section 9). Without this a counter appears only after its
    /// first increment, and `rate()` / `increase()` miss that first increment: Prometheus sees
    /// the series start at 1, not go from 0 to 1, so the first dead letter never shows up in
    /// `DriftwatchDeadLetterRate`.
    ///
    /// - per input topic (predictions, labels): events consumed, decode errors, dead letters;
    /// - per output topic: messages published;
    /// - per configured model: windows closed per stage, alerts per type and severity, retrain
    ///   triggers per urgency.
    ///
    /// Series of models not in the configuration (`model_id` values the traffic brings) still
    /// appear on first use. Call once, before the worker starts; calling again changes nothing.
    public func registerStartupSeries(config: DriftwatchConfig) {
        let topics = config.topics
        let inputs = [topics.predictions] + (topics.labels.map { [$0] } ?? [])
        for topic in inputs {
            _ = counter(.eventsConsumed, [topic])
            _ = counter(.decodeErrors, [topic])
            _ = counter(.deadLetterMessages, [topic])
        }
        let outputs = [topics.alerts, topics.retrain, topics.deadLetter, topics.summaries, topics.state]
            + (topics.reports.map { [$0] } ?? [])
        for topic in outputs { _ = counter(.messagesPublished, [topic]) }
        for model in config.modelIDs {
            for stage in WindowReport.Stage.allCases { _ = counter(.windowsClosed, [model, stage.rawValue]) }
            for type in AlertType.allCases {
                for severity in [Severity.warning, .critical] {
                    _ = counter(.alertsPublished, [model, type.rawValue, severity.rawValue])
                }
            }
            for urgency in RetrainUrgency.allCases { _ = counter(.retrainTriggersPublished, [model, urgency.rawValue]) }
        }
    }
}
