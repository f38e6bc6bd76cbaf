# Every dependency comes from Debian's packages (scripts/install-deps.sh installs them).
option(MOLAR_BUILD_TESTS "Build the test suites" ON)

# Debian's PocoDataMySQL config links a MySQL::client target that nothing defines.
if(NOT TARGET MySQL::client)
  find_library(MARIADB_CLIENT_LIB NAMES mariadb mysqlclient REQUIRED)
  add_library(MySQL::client UNKNOWN IMPORTED)
  set_target_properties(MySQL::client PROPERTIES IMPORTED_LOCATION "${MARIADB_CLIENT_LIB}")
endif()
find_package(Poco REQUIRED COMPONENTS Foundation Util Net NetSSL Crypto JSON Data DataSQLite DataMySQL)
find_package(Boost 1.74 REQUIRED COMPONENTS filesystem)
find_package(OpenSSL REQUIRED)
find_path(KAINJOW_MUSTACHE_INCLUDE_DIR kainjow/mustache.hpp REQUIRED)
if(MOLAR_BUILD_TESTS)
  find_package(PkgConfig REQUIRED)
  pkg_check_modules(CPPUNIT REQUIRED IMPORTED_TARGET cppunit)
endif()
