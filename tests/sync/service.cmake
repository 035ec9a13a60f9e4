# SyncService on its own thread, and `syncsmart-cli sync-once`, against syncsmart-sim.
syncsmart_add_test(NAME tst_syncservice SOURCES tst_syncservice.cpp
  LIBS syncsmart_core syncsmart_testsupport Qt6::Sql TIMEOUT 600 LABELS sync)
syncsmart_add_test(NAME tst_clisynconce SOURCES tst_clisynconce.cpp
  LIBS syncsmart_clitestcase syncsmart_testsupport TIMEOUT 600 LABELS sync)
target_include_directories(tst_clisynconce PRIVATE ${PROJECT_SOURCE_DIR}/tests/integration)
