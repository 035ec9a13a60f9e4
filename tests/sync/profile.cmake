# The profile INI: what a valid file gives, and what each kind of mistake tells the person who made it.
syncsmart_add_test(NAME tst_syncprofile SOURCES tst_syncprofile.cpp LIBS syncsmart_core LABELS sync)
