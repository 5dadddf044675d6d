# Where hallq's files are, in the two trees it runs from (included before the
# targets; core/config records it for the programs, cmake/install.cmake lays
# the install tree out):
#
#   build tree    <build>/bin/<program>     assets: <source>/assets
#                                           generated voice clips: <build>/voice/<lang>/*.wav
#   install tree  <prefix>/bin/<program>    assets: <prefix>/share/hallq
#                                           generated voice clips: <prefix>/share/hallq/generated-voice
#                 <prefix>/etc/hallq/hall.toml.example   the sample hall configuration
#                 (/etc/hallq/ for the prefix /usr)
#
# The directories under the prefix are GNUInstallDirs' (CMAKE_INSTALL_BINDIR,
# _DATADIR, _SYSCONFDIR); a program finds share/hallq by a path relative to its
# own bin/, so an installed tree works wherever it is put (cmake --install
# --prefix DIR, or a moved tree).
include(GNUInstallDirs)

set(HALLQ_BUILD_ASSETS_DIR ${PROJECT_SOURCE_DIR}/assets)
set(HALLQ_BUILD_VOICE_DIR ${CMAKE_BINARY_DIR}/voice)

set(HALLQ_INSTALL_DATADIR ${CMAKE_INSTALL_DATADIR}/hallq)
set(HALLQ_INSTALL_VOICE_SUBDIR generated-voice)
set(HALLQ_INSTALL_SYSCONFDIR ${CMAKE_INSTALL_SYSCONFDIR}/hallq)

# share/hallq as seen from bin/: "../share/hallq" unless the directories were
# set to absolute paths (then the tree cannot move and the absolute path is kept).
if(IS_ABSOLUTE "${HALLQ_INSTALL_DATADIR}")
  set(HALLQ_DATADIR_FROM_BINDIR ${HALLQ_INSTALL_DATADIR})
elseif(IS_ABSOLUTE "${CMAKE_INSTALL_BINDIR}")
  set(HALLQ_DATADIR_FROM_BINDIR ${CMAKE_INSTALL_PREFIX}/${HALLQ_INSTALL_DATADIR})
else()
  file(RELATIVE_PATH HALLQ_DATADIR_FROM_BINDIR /prefix/${CMAKE_INSTALL_BINDIR} /prefix/${HALLQ_INSTALL_DATADIR})
endif()

# etc/hallq as seen from bin/, for the ID key's default place (docs/security.md):
# relative to bin/ unless set to an absolute path. The prefix /usr keeps its
# configuration in /etc/hallq (GNUInstallDirs' rule): core/config/paths.cpp
# decides that from where the program is, and cmake/install.cmake when it
# installs, so a build configured for one prefix may be installed or packaged
# (cpack, cmake/package.cmake) for /usr.
if(IS_ABSOLUTE "${CMAKE_INSTALL_SYSCONFDIR}")
  set(HALLQ_SYSCONFDIR_FROM_BINDIR ${CMAKE_INSTALL_FULL_SYSCONFDIR}/hallq)
else()
  file(RELATIVE_PATH HALLQ_SYSCONFDIR_FROM_BINDIR /prefix/${CMAKE_INSTALL_BINDIR} /prefix/${HALLQ_INSTALL_SYSCONFDIR})
endif()
