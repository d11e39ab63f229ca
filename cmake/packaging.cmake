# Installation layout, man pages (help2man, from each program's --help) and the Debian
# package (cpack -G DEB). Depends are computed by dpkg-shlibdeps.
include(GNUInstallDirs)

set(KB_PROGRAMS kb-index kb-search)
if(TARGET kb-serve)
  list(APPEND KB_PROGRAMS kb-serve)
endif()
if(TARGET kb-export)
  list(APPEND KB_PROGRAMS kb-export)
endif()

# The private shared library lives in /usr/lib/kb; the programs find it by RPATH.
set_target_properties(kb_core PROPERTIES INSTALL_RPATH "")
foreach(program ${KB_PROGRAMS})
  set_target_properties(${program} PROPERTIES INSTALL_RPATH "/usr/lib/kb")
endforeach()
install(TARGETS ${KB_PROGRAMS} RUNTIME DESTINATION bin)
install(TARGETS kb_core LIBRARY DESTINATION lib/kb)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/web/ DESTINATION share/kb/web)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/content/ DESTINATION share/kb/content)
install(FILES ${PROJECT_SOURCE_DIR}/packaging/kb-serve.service DESTINATION lib/systemd/system)
install(FILES ${PROJECT_SOURCE_DIR}/packaging/default-kb DESTINATION /etc/default RENAME kb)

find_program(HELP2MAN help2man)
if(HELP2MAN)
  foreach(program ${KB_PROGRAMS})
    set(page ${CMAKE_CURRENT_BINARY_DIR}/man/${program}.1)
    set(extra ${PROJECT_SOURCE_DIR}/packaging/man/${program}.h2m)
    set(include_args "")
    set(extra_dep "")
    if(EXISTS ${extra})
      set(include_args --include=${extra})
      set(extra_dep ${extra})
    endif()
    add_custom_command(OUTPUT ${page}
      COMMAND ${CMAKE_COMMAND} -E make_directory ${CMAKE_CURRENT_BINARY_DIR}/man
      COMMAND ${HELP2MAN} --no-info --no-discard-stderr --section=1 ${include_args}
              --output=${page} $<TARGET_FILE:${program}>
      DEPENDS ${program} ${extra_dep}
      COMMENT "man page for ${program}")
    list(APPEND KB_MAN_PAGES ${page})
  endforeach()
  add_custom_target(man ALL DEPENDS ${KB_MAN_PAGES})
  install(FILES ${KB_MAN_PAGES} DESTINATION share/man/man1)
else()
  message(STATUS "help2man not found: no man pages (apt-get install help2man)")
endif()

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME kb)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_PACKAGE_CONTACT "Cooperation Knowledge Base maintainers <kb@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "Offline searchable knowledge base on international cooperation in criminal matters")
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
    "Good practices, review findings, handbook notes and tools on extradition, mutual legal\n assistance and asset recovery under UNCAC and UNTOC, searchable offline: kb-index builds\n a Xapian index, kb-search searches from a terminal, kb-serve serves a web UI and JSON API.")
set(CPACK_DEBIAN_PACKAGE_SECTION utils)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS_PRIVATE_DIRS ${CMAKE_CURRENT_BINARY_DIR}/core)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "adduser")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA ${PROJECT_SOURCE_DIR}/packaging/postinst ${PROJECT_SOURCE_DIR}/packaging/conffiles)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION TRUE)
include(CPack)
