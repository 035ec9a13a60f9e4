# Pipeline stages as pure functions: canonical values, the conflict resolver, the per-SKU planner.
syncsmart_add_test(NAME tst_syncplanner SOURCES tst_syncplanner.cpp LIBS syncsmart_core LABELS sync)
# The engine against syncsmart-sim: failure paths (a peer down mid-pass, a write refused for good,
# a crash between planning and applying) — nothing lost, nothing duplicated.
syncsmart_add_test(NAME tst_syncengine SOURCES tst_syncengine.cpp LIBS syncsmart_testsupport LABELS sync TIMEOUT 600)
