# Sources of the pep module (PEP 440 versions and specifiers, PEP 508
# requirements and markers, name normalisation).
list(APPEND SW_CORE_SOURCES
  # PEP 440
  ${CMAKE_CURRENT_LIST_DIR}/pep440_scan.c
  ${CMAKE_CURRENT_LIST_DIR}/version.c
  ${CMAKE_CURRENT_LIST_DIR}/specifier.c
  ${CMAKE_CURRENT_LIST_DIR}/spec_match.c
  # PEP 508
  ${CMAKE_CURRENT_LIST_DIR}/name.c
  ${CMAKE_CURRENT_LIST_DIR}/marker.c
  ${CMAKE_CURRENT_LIST_DIR}/requirement.c
  ${CMAKE_CURRENT_LIST_DIR}/marker_eval.c
  ${CMAKE_CURRENT_LIST_DIR}/lex508.c
  ${CMAKE_CURRENT_LIST_DIR}/specre.c
  ${CMAKE_CURRENT_LIST_DIR}/pystr.c
  ${CMAKE_CURRENT_LIST_DIR}/lower.c
)
