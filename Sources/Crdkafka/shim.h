#ifndef DRIFTWATCH_CRDKAFKA_SHIM_H
#define DRIFTWATCH_CRDKAFKA_SHIM_H
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

/* rd_kafka_mock_broker_push_request_error_rtts is variadic, which Swift cannot call: push one
 * error (no added round-trip time) per call, onto the broker's stack for `apikey`. */
static inline rd_kafka_resp_err_t driftwatch_mock_broker_push_request_error(
    rd_kafka_mock_cluster_t *mcluster, int32_t broker_id, int16_t apikey, rd_kafka_resp_err_t err) {
    return rd_kafka_mock_broker_push_request_error_rtts(mcluster, broker_id, apikey, 1, err, 0);
}
#endif
