# PrestaShop connector: unit tests over the real PrestaShop 8.1.2 exchanges, integration tests
# against syncsmart-sim.
foreach(name tst_psparse tst_psrequests)
  syncsmart_add_test(NAME ${name} SOURCES ${CMAKE_CURRENT_LIST_DIR}/${name}.cpp
                     ${CMAKE_CURRENT_LIST_DIR}/tst_psfixture.h LIBS syncsmart_core LABELS connectors)
  target_compile_definitions(${name} PRIVATE PS_FIXTURES_DIR="${CONNECTOR_FIXTURES_DIR}/real/prestashop-8.1")
endforeach()

foreach(name tst_prestashop tst_prestashopwrites)
  if(EXISTS ${CMAKE_CURRENT_LIST_DIR}/${name}.cpp)
    syncsmart_add_test(NAME ${name} SOURCES ${CMAKE_CURRENT_LIST_DIR}/${name}.cpp
                       ${CMAKE_CURRENT_LIST_DIR}/tst_prestashopsim.h LIBS syncsmart_testsupport LABELS connectors)
  endif()
endforeach()

# The connector against small scripted loopback servers (redirects, languages, answers never given
# inside a call).
syncsmart_add_test(NAME tst_pslocal SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_pslocal.cpp
                   LIBS syncsmart_testsupport LABELS connectors)
