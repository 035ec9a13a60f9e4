# The reconciliation auditor against syncsmart-sim, asserted against the simulator's answer key.
syncsmart_add_test(NAME tst_reconcile SOURCES tst_reconcile.cpp
  LIBS syncsmart_core syncsmart_testsupport TIMEOUT 600 LABELS reconcile)
# `syncsmart-cli reconcile` as a real process.
syncsmart_add_test(NAME tst_clireconcile SOURCES tst_clireconcile.cpp
  LIBS syncsmart_clitestcase syncsmart_testsupport TIMEOUT 600 LABELS reconcile)
target_include_directories(tst_clireconcile PRIVATE ${PROJECT_SOURCE_DIR}/tests/integration)
# When a scheduled run is due (pure, no simulator).
syncsmart_add_test(NAME tst_reconcileschedule SOURCES tst_reconcileschedule.cpp
  LIBS syncsmart_core TIMEOUT 60 LABELS reconcile)
