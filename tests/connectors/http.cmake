# The shared HTTP layer: token bucket, circuit breaker (unit, TestClock), HttpClient against
# syncsmart-sim and small loopback servers (integration), TLS and redaction.
syncsmart_add_test(NAME tst_tokenbucket SOURCES tst_tokenbucket.cpp LIBS syncsmart_core LABELS connectors)
syncsmart_add_test(NAME tst_circuitbreaker SOURCES tst_circuitbreaker.cpp LIBS syncsmart_core LABELS connectors)
syncsmart_add_test(NAME tst_httpclient SOURCES tst_httpclient.cpp tst_httpsupport.h LIBS syncsmart_testsupport LABELS connectors)
syncsmart_add_test(NAME tst_httptls SOURCES tst_httptls.cpp tst_httpsupport.h LIBS syncsmart_testsupport LABELS connectors)
target_compile_definitions(tst_httptls PRIVATE CONNECTOR_FIXTURES_DIR="${CONNECTOR_FIXTURES_DIR}")
syncsmart_add_test(NAME tst_httpredaction SOURCES tst_httpredaction.cpp tst_httpsupport.h LIBS syncsmart_testsupport LABELS connectors)
