# cmake --install <build> [--prefix DIR]: every install rule of the project
# (the layout is in cmake/layout.cmake; README.md "Installing" says where things go).
#
#   bin/               the programs
#   share/hallq/       the assets: i18n/, halls/, voice/ (manifests and recordings)
#   share/hallq/generated-voice/<lang>/*.wav   the clips espeak-ng made at build time
#   etc/hallq/hall.toml.example                the demo hall, to copy to hall.toml and edit
#                                              (/etc/hallq/ for the prefix /usr)
#   share/doc/hallq-<package>/                 copyright and changelog, as Debian wants them
#
# and for the prefix /usr only, where systemd looks (cmake/debian/, docs/operations.md):
#   /lib/systemd/system/hallq-server.service, hallq-terminal@.service
#
# Each rule belongs to one Debian package's component (cmake/package.cmake):
# server, terminals, tools, and data (share/hallq, which all three use).
# Whether the prefix is /usr is decided when installing, not when configuring,
# so one build may be installed anywhere and packaged for /usr.
#
# Included at the end of the top-level CMakeLists.txt, after every target exists.

install(TARGETS hallq-server RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT server)
install(TARGETS hallq-display hallq-caller hallq-kiosk RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT terminals)
install(TARGETS hallqctl hallq-devices hallq-bench hallq-sim RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT tools)

# Everything assets/ holds: a new folder there is installed without a new rule.
install(DIRECTORY ${HALLQ_BUILD_ASSETS_DIR}/ DESTINATION ${HALLQ_INSTALL_DATADIR} COMPONENT data)

# Apart from the recordings in voice/<lang>/, which win when both exist (ui::ClipLibrary's search order).
install(DIRECTORY ${HALLQ_BUILD_VOICE_DIR}/ DESTINATION ${HALLQ_INSTALL_DATADIR}/${HALLQ_INSTALL_VOICE_SUBDIR}
        COMPONENT data FILES_MATCHING PATTERN "*.wav")

# The sample configuration: the demo hall, whose tokens and PINs are demo values
# (docs/configuration.md). Never installed as hall.toml, so an upgrade cannot
# overwrite a hall's own configuration (the package's postinst copies it to
# hall.toml once, when there is none).
if(IS_ABSOLUTE "${HALLQ_INSTALL_SYSCONFDIR}")
  install(FILES ${HALLQ_BUILD_ASSETS_DIR}/halls/demo.toml DESTINATION ${HALLQ_INSTALL_SYSCONFDIR}
          RENAME hall.toml.example COMPONENT server)
else()
  install(CODE "
    set(hallq_etc \"\${CMAKE_INSTALL_PREFIX}/${HALLQ_INSTALL_SYSCONFDIR}\")
    if(CMAKE_INSTALL_PREFIX STREQUAL \"/usr\")
      set(hallq_etc /etc/hallq)  # GNUInstallDirs' rule: /usr keeps its configuration in /etc
    endif()
    file(INSTALL \"${HALLQ_BUILD_ASSETS_DIR}/halls/demo.toml\" DESTINATION \"\${hallq_etc}\" RENAME hall.toml.example)"
    COMPONENT server)
endif()

# systemd's units (cmake/debian/): they name /usr/bin and /etc/hallq, so only for the prefix /usr.
set(HALLQ_DEBIAN_DIR ${PROJECT_SOURCE_DIR}/cmake/debian)
foreach(unit_component IN ITEMS "hallq-server.service|server" "hallq-terminal@.service|terminals")
  string(REPLACE "|" ";" unit_component "${unit_component}")
  list(GET unit_component 0 unit)
  list(GET unit_component 1 component)
  install(CODE "
    if(CMAKE_INSTALL_PREFIX STREQUAL \"/usr\")
      file(INSTALL \"${HALLQ_DEBIAN_DIR}/${unit}\" DESTINATION /lib/systemd/system)
    endif()"
    COMPONENT ${component})
endforeach()

# Every package's copyright, changelog and README.Debian (Debian policy 12.5 and 12.7).
set(HALLQ_CHANGELOG_GZ ${CMAKE_BINARY_DIR}/debian/changelog.Debian.gz)
add_custom_command(OUTPUT ${HALLQ_CHANGELOG_GZ}
  COMMAND ${CMAKE_COMMAND} -E make_directory ${CMAKE_BINARY_DIR}/debian
  COMMAND gzip -9n -c ${HALLQ_DEBIAN_DIR}/changelog > ${HALLQ_CHANGELOG_GZ}
  DEPENDS ${HALLQ_DEBIAN_DIR}/changelog
  COMMENT "Compressing the Debian changelog")
add_custom_target(debian_changelog ALL DEPENDS ${HALLQ_CHANGELOG_GZ})
foreach(component IN ITEMS server terminals tools data)
  install(FILES ${HALLQ_DEBIAN_DIR}/copyright ${HALLQ_CHANGELOG_GZ}
          DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/hallq-${component} COMPONENT ${component})
endforeach()
install(FILES ${HALLQ_DEBIAN_DIR}/README.Debian DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/hallq-server COMPONENT server)
install(FILES ${HALLQ_DEBIAN_DIR}/README.Debian DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/hallq-terminals
        COMPONENT terminals)
