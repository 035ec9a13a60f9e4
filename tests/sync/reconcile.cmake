# The reconciliation auditor against syncsmart-sim, asserted against the simulator's answer key.
syncsmart_add_test(NAME tst_reconcile SOURCES tst_reconcile.cpp
  LIBS syncsmart_core syncsmart_testsupport TIMEOUT 600 LABELS reconcile)
