# SPDX-License-Identifier: GPL-3.0-or-later
# Desktop integration on Linux: the menu entry, AppStream metainfo (software centres), the icon
# in every size of the hicolor theme, the man pages and the licence. The Qt runtime comes from
# the distribution's packages (the Depends and Requires in cpack.cmake).

set(resources ${PROJECT_SOURCE_DIR}/resources)
install(FILES ${resources}/${CONFAB_APP_ID}.desktop DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)
install(FILES ${resources}/${CONFAB_APP_ID}.metainfo.xml DESTINATION ${CMAKE_INSTALL_DATADIR}/metainfo)
install(DIRECTORY ${resources}/icons/hicolor DESTINATION ${CMAKE_INSTALL_DATADIR}/icons)
install(FILES ${resources}/icons/${CONFAB_APP_ID}.svg
    DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps)
# Debian's place for the licence; RPM-based systems read it there too.
install(FILES ${PROJECT_SOURCE_DIR}/LICENSE DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/confab
    RENAME copyright)

# Man pages, with the version from project(), gzip'd as distributions ship them. Made when
# CMake configures, so installing needs no build target of its own.
foreach(page confab.1 confab-cli.1)
    set(page_out ${CMAKE_CURRENT_BINARY_DIR}/man/${page})
    configure_file(${CMAKE_CURRENT_LIST_DIR}/../man/${page}.in ${page_out} @ONLY)
    file(ARCHIVE_CREATE OUTPUT ${page_out}.gz PATHS ${page_out} FORMAT raw COMPRESSION GZip
        COMPRESSION_LEVEL 9)
    install(FILES ${page_out}.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
endforeach()
