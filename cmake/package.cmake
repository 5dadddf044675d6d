# cpack: the Debian packages (tools/package builds and checks them; docs/operations.md).
#
#   hallq-server     hallq-server, /etc/hallq/hall.toml.example (a conffile), the systemd unit;
#                    its postinst makes the user hallq, /var/lib/hallq, hall.toml and the ID key
#   hallq-terminals  hallq-display, hallq-caller, hallq-kiosk and the unit hallq-terminal@.service;
#                    its postinst makes the user hallq-kiosk and the udev rule for the devices
#   hallq-tools      hallqctl, hallq-devices, hallq-bench, hallq-sim
#   hallq-data       /usr/share/hallq, which all three read (architecture all)
#
# One package per install component (cmake/install.cmake). The packages install
# into /usr whatever prefix the build was configured for: cpack installs with
# DESTDIR and the prefix /usr, and the /usr-only rules (units, /etc/hallq) are
# decided at install time. Library dependencies come from dpkg-shlibdeps.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME hallq)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_VENDOR "hallq")
set(CPACK_DEBIAN_PACKAGE_RELEASE 1)  # matches cmake/debian/changelog
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "hallq maintainers <maintainers@hallq.example.org>")
set(CPACK_DEBIAN_PACKAGE_SECTION misc)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # name_version-release_arch.deb
set(CPACK_DEB_COMPONENT_INSTALL ON)
# CPACK_DEBIAN_<COMPONENT>_DESCRIPTION below: the synopsis, then the long description (cpack indents it).
set(CPACK_COMPONENTS_ALL server terminals tools data)
set(CPACK_SET_DESTDIR ON)
set(CPACK_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_INSTALL_DEFAULT_DIRECTORY_PERMISSIONS
    OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)

set(hallq_deb_version "${PROJECT_VERSION}-${CPACK_DEBIAN_PACKAGE_RELEASE}")
# Every picture and PDF is drawn in Noto (core/ui/fonts.cpp, core/sheets).
set(hallq_fonts "fonts-noto-cjk, fonts-noto-core")
set(hallq_debian ${PROJECT_SOURCE_DIR}/cmake/debian)

set(CPACK_DEBIAN_SERVER_PACKAGE_NAME hallq-server)
set(CPACK_DEBIAN_SERVER_PACKAGE_DEPENDS
    "hallq-data (= ${hallq_deb_version}), adduser, ${hallq_fonts}, libjs-chart.js")  # the reports' charts
set(CPACK_DEBIAN_SERVER_PACKAGE_CONTROL_EXTRA
    ${hallq_debian}/server/postinst ${hallq_debian}/server/prerm ${hallq_debian}/server/postrm
    ${hallq_debian}/server/conffiles)
set(CPACK_DEBIAN_SERVER_DESCRIPTION "queue server for government service halls
hallq-server hands out tickets, routes them to windows by skill, keeps every
ticket on disk before acknowledging it, and serves the hall's terminals and
the citizens' phone pages. Runs under systemd as the user hallq.")

set(CPACK_DEBIAN_TERMINALS_PACKAGE_NAME hallq-terminals)
# hallq-devices (hallq-tools) writes the udev rule in the postinst.
set(CPACK_DEBIAN_TERMINALS_PACKAGE_DEPENDS
    "hallq-data (= ${hallq_deb_version}), hallq-tools (= ${hallq_deb_version}), adduser, ${hallq_fonts}")
# The units start a terminal full screen in cage, a Wayland kiosk compositor.
set(CPACK_DEBIAN_TERMINALS_PACKAGE_RECOMMENDS "cage")
set(CPACK_DEBIAN_TERMINALS_PACKAGE_CONTROL_EXTRA
    ${hallq_debian}/terminals/postinst ${hallq_debian}/terminals/prerm ${hallq_debian}/terminals/postrm)
set(CPACK_DEBIAN_TERMINALS_DESCRIPTION "hall terminals for hallq: kiosk, screens and caller
hallq-kiosk (the citizens' touchscreen: tickets, ID cards, printing),
hallq-display (the hall board, window screens and the guides' monitor) and
hallq-caller (the clerk's terminal), with a systemd unit that keeps one of
them full screen on a machine's display.")

set(CPACK_DEBIAN_TOOLS_PACKAGE_NAME hallq-tools)
set(CPACK_DEBIAN_TOOLS_PACKAGE_DEPENDS "hallq-data (= ${hallq_deb_version}), ${hallq_fonts}")
set(CPACK_DEBIAN_TOOLS_DESCRIPTION "command-line tools for hallq halls
hallqctl (the command-line client), hallq-devices (try ticket printers and
ID-card readers, write their udev rule), hallq-bench (benchmarks) and
hallq-sim (the hall simulator).")

set(CPACK_DEBIAN_DATA_PACKAGE_NAME hallq-data)
set(CPACK_DEBIAN_DATA_PACKAGE_ARCHITECTURE all)
set(CPACK_DEBIAN_DATA_DESCRIPTION "translations, sample hall and voice clips for hallq
The files hallq's programs share: the words people read in Chinese,
traditional Mongolian and English, the demo hall, simulation scenarios, the
web pages' scripts and the generated announcement clips.")

include(CPack)
