# For the standalone benchmark projects (bench/search, bench/server): finds what the indexer's
# base, text, index and query modules need and adds those modules from the repository, so a
# bench links synaps_indexer_query, synaps_indexer_index and synaps_indexer_text.
# Include it after project(); it sets SYNAPS_ROOT.
set(CMAKE_CXX_STANDARD 20)
set(CMAKE_CXX_STANDARD_REQUIRED ON)
get_filename_component(SYNAPS_ROOT ${CMAKE_CURRENT_LIST_DIR}/../.. ABSOLUTE)

find_package(PkgConfig REQUIRED)
find_package(Threads REQUIRED)
find_package(ZLIB REQUIRED)
find_package(Poco REQUIRED COMPONENTS Foundation JSON)
pkg_check_modules(XAPIAN REQUIRED IMPORTED_TARGET xapian-core)
pkg_check_modules(UTF8PROC REQUIRED IMPORTED_TARGET libutf8proc)
pkg_check_modules(RAPIDJSON REQUIRED IMPORTED_TARGET RapidJSON)
pkg_check_modules(ZSTD REQUIRED IMPORTED_TARGET libzstd)
pkg_check_modules(EXTTEXTCAT REQUIRED IMPORTED_TARGET libexttextcat)
include(${SYNAPS_ROOT}/cmake/Warnings.cmake)

# The modules' CMakeLists use CMAKE_SOURCE_DIR as include root; here it is the repository root.
include_directories(${SYNAPS_ROOT})
add_subdirectory(${SYNAPS_ROOT}/indexer/base base)
add_subdirectory(${SYNAPS_ROOT}/indexer/text text)
add_subdirectory(${SYNAPS_ROOT}/indexer/index index)
add_subdirectory(${SYNAPS_ROOT}/indexer/query query)
