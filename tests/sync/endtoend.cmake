# The acceptance of the sync engine, end to end against syncsmart-sim over loopback HTTP: ownership,
# conflicts (Paris vs UTC, ties, operator decisions), no ping-pong, and a 100k-product catalog.
syncsmart_add_test(NAME tst_syncendtoend SOURCES tst_syncendtoend.cpp tst_syncsupport.h
  LIBS syncsmart_testsupport LABELS sync TIMEOUT 600)
syncsmart_add_test(NAME tst_syncscale SOURCES tst_syncscale.cpp tst_syncsupport.h
  LIBS syncsmart_testsupport LABELS sync TIMEOUT 1200)
