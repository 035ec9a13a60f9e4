# Odoo 17 JSON-RPC connector: unit tests over the real exchanges (tests/fixtures/real/odoo-17),
# integration tests against syncsmart-sim over loopback.
syncsmart_add_test(NAME tst_odooparse SOURCES tst_odooparse.cpp LIBS syncsmart_testsupport LABELS connectors)
target_compile_definitions(tst_odooparse PRIVATE ODOO_FIXTURES_DIR="${CONNECTOR_FIXTURES_DIR}/real/odoo-17")

syncsmart_add_test(NAME tst_odoo SOURCES tst_odoo.cpp tst_odoosupport.h LIBS syncsmart_testsupport LABELS connectors)
syncsmart_add_test(NAME tst_odooorders SOURCES tst_odooorders.cpp tst_odoosupport.h LIBS syncsmart_testsupport
                   LABELS connectors)
syncsmart_add_test(NAME tst_odoostock SOURCES tst_odoostock.cpp tst_odoosupport.h LIBS syncsmart_testsupport
                   LABELS connectors)
syncsmart_add_test(NAME tst_odoorpc SOURCES tst_odoorpc.cpp LIBS syncsmart_testsupport LABELS connectors)
