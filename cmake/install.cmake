# cmake --install <build> [--prefix DIR]: every install rule of the project
# (the layout is in cmake/layout.cmake; README.md "Installing" says where things go).
#
#   bin/               the programs
#   share/hallq/       the assets: i18n/, halls/, voice/ (manifests and recordings)
#   share/hallq/generated-voice/<lang>/*.wav   the clips espeak-ng made at build time
#   etc/hallq/hall.toml.example                the demo hall, to copy to hall.toml and edit
#
# Included at the end of the top-level CMakeLists.txt, after every target exists.

install(TARGETS hallq-server hallq-display hallq-caller hallq-kiosk hallqctl hallq-devices hallq-bench hallq-sim
        RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})

# Everything assets/ holds: a new folder there is installed without a new rule.
install(DIRECTORY ${HALLQ_BUILD_ASSETS_DIR}/ DESTINATION ${HALLQ_INSTALL_DATADIR})

# Apart from the recordings in voice/<lang>/, which win when both exist (ui::ClipLibrary's search order).
install(DIRECTORY ${HALLQ_BUILD_VOICE_DIR}/ DESTINATION ${HALLQ_INSTALL_DATADIR}/${HALLQ_INSTALL_VOICE_SUBDIR}
        FILES_MATCHING PATTERN "*.wav")

# The sample configuration: the demo hall, whose tokens and PINs are demo values
# (docs/configuration.md). Never installed as hall.toml, so an upgrade cannot
# overwrite a hall's own configuration.
install(FILES ${HALLQ_BUILD_ASSETS_DIR}/halls/demo.toml DESTINATION ${HALLQ_INSTALL_SYSCONFDIR}
        RENAME hall.toml.example)
